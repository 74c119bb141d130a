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


@register.simple_tag(takes_context=True)
def sort_link(context, key, label):
    """A column header that sorts by `key`: ascending first, then descending; ▲/▼ marks the active column."""
    from django.utils.html import format_html

    params = context["request"].GET.copy()
    current = params.get("sort", "")
    params.pop("page", None)
    arrow = ""
    if current == key:
        params["sort"], arrow = f"-{key}", " ▲"
    elif current == f"-{key}":
        params["sort"], arrow = key, " ▼"
    else:
        params["sort"] = key
    return format_html('<a class="sort-link{}" href="?{}">{}{}</a>', " active" if arrow else "",
                       params.urlencode(), label, arrow)


@register.filter
def mask_phone(value):
    """A phone number with its middle hidden: 138****5678 (the one rule of wumei.org.permissions.mask_phone)."""
    from wumei.org.permissions import mask_phone as mask

    return mask(str(value or ""))


LEVEL_BADGES = {"provincial": "bg-red-lt", "municipal": "bg-orange-lt", "county": "bg-blue-lt"}
STAGE_BADGES = {
    "planning": "bg-secondary-lt", "pre_review": "bg-cyan-lt", "signing": "bg-azure-lt", "siting": "bg-indigo-lt",
    "started": "bg-green-lt", "assessment": "bg-teal-lt", "operating": "bg-lime-lt",
}


@register.filter
def level_badge(level):
    """Badge colour of a project level (省/市/县重点)."""
    return LEVEL_BADGES.get(str(level), "bg-secondary-lt")


@register.filter
def stage_badge(stage):
    """Badge colour of a lifecycle stage."""
    return STAGE_BADGES.get(str(stage), "bg-secondary-lt")


@register.filter
def audit_action(action: str) -> str:
    """An audit action code in Chinese."""
    from wumei.audit.labels import action_label

    return action_label(action)
