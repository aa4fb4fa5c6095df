from decimal import ROUND_HALF_UP, Decimal

from django import template

from districts.models import SchoolYear

register = template.Library()


@register.filter
def get_item(mapping, key):
    """{{ dict|get_item:key }}: a dictionary value by a key held in a variable."""
    return mapping.get(key) if mapping else None


@register.filter
def percent(share):
    """{{ share|percent }}: a share from 0 to 1 as a whole percentage, "24 %"."""
    if share is None or share == "":
        return "—"
    value = (Decimal(share) * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return f"{value} %"


@register.filter
def with_unit(value, unit):
    """{{ value|with_unit:"%" }}: a figure with its unit, "77.8 %", "2.5 per month"."""
    if value is None or value == "":
        return "—"
    shown = f"{Decimal(value).normalize():f}" if isinstance(value, Decimal) else str(value)
    return f"{shown} %" if unit == "%" else f"{shown} {unit}".strip()


@register.inclusion_tag("includes/year_picker.html", takes_context=True)
def year_picker(context, shown):
    """A school-year selector (a GET form, no script needed) for a page of figures, when the
    district has more than one year; ``shown`` is the school year on the page."""
    request = context["request"]
    district = getattr(request, "district", None)
    years = list(SchoolYear.objects.for_district(district)) if district is not None else []
    keep = [(k, v) for k, v in request.GET.items() if k not in ("year", "page")]
    return {"years": years, "shown": shown, "keep": keep}


@register.inclusion_tag("includes/year_options.html", takes_context=True)
def year_options(context, shown):
    """The school-year field of a page's own filter form (when there is more than one)."""
    request = context["request"]
    return {"years": list(SchoolYear.objects.for_district(request.district)), "shown": shown}
