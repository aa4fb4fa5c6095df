from django import template

from districts.links import absolute_url

register = template.Library()


@register.filter
def absolute(path: str) -> str:
    """A page's path as a link that works from an e-mail."""
    return absolute_url(path) if path else ""
