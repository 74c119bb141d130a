from decimal import Decimal

from django import template

from wumei.quarterly import rules

register = template.Library()


@register.filter
def score(value) -> str:
    """A score or value as printed: `85.71`, `100`, `—`."""
    if value is None or value == "":
        return "—"
    return rules.figure(Decimal(str(value)))


@register.filter
def run_badge(status: str) -> str:
    return "bg-green-lt" if status == "confirmed" else "bg-yellow-lt"


@register.filter
def method_badge(status: str) -> str:
    return {"in_force": "bg-green-lt", "draft": "bg-yellow-lt"}.get(status, "bg-secondary-lt")
