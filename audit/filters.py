import django_filters
from django.db.models import Q

from audit.models import AuditEvent, AuditKind
from districts.filters import DistrictFilterSet


class AuditFilter(DistrictFilterSet):
    person = django_filters.CharFilter(
        method="by_person", label="Person (name, login or e-mail)", max_length=100
    )
    kind = django_filters.ChoiceFilter(choices=AuditKind.choices, label="What")
    date_from = django_filters.DateFilter(field_name="at__date", lookup_expr="gte", label="From")
    date_to = django_filters.DateFilter(field_name="at__date", lookup_expr="lte", label="To")

    class Meta:
        model = AuditEvent
        fields = ["person", "kind", "date_from", "date_to"]

    def by_person(self, queryset, name, value):
        return queryset.filter(
            Q(actor__username__icontains=value)
            | Q(actor__email__icontains=value)
            | Q(actor__first_name__icontains=value)
            | Q(actor__last_name__icontains=value)
            | Q(subject__first_name__icontains=value)
            | Q(subject__last_name__icontains=value)
            | Q(subject__email__icontains=value)
            | Q(subject_user__username__icontains=value)
            | Q(subject_user__email__icontains=value)
        )
