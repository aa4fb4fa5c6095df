from decimal import ROUND_HALF_UP, Decimal

from django import template

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
