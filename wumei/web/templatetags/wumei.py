from django import template

from wumei.core.money import format_money, format_wan

register = template.Library()


@register.filter
def money(value):
    """万元 amount shown as 万元, or 亿元 from 1亿 upward."""
    return format_money(value)


@register.filter
def wan(value):
    """万元 amount shown in 万元."""
    return format_wan(value)


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """The current query string with some parameters replaced (for sorting and paging links)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    return "?" + params.urlencode()
