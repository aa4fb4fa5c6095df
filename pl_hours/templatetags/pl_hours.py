from django import template

from pl_hours.models import SourceKind

register = template.Library()


@register.filter
def source_kind_label(value: str) -> str:
    """'plc_meeting' → 'PLC meeting'."""
    try:
        return SourceKind(value).label
    except ValueError:
        return value
