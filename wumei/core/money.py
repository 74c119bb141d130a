"""Money: stored exactly as Decimal 万元 (four places = one yuan); shown in 万元, or 亿元 where large."""

from decimal import ROUND_HALF_UP, Decimal, DecimalException, InvalidOperation

WAN_PLACES = Decimal("0.0001")  # one yuan, in 万元
YI_IN_WAN = Decimal(10000)


class MoneyError(ValueError):
    """A value that is not an amount of money."""


def parse_wan(raw: object, unit: str = "万元") -> Decimal | None:
    """Parse an amount written in 万元 (or 亿元 / 元 when `unit` says so) into exact 万元."""
    if raw is None:
        return None
    if isinstance(raw, float):
        # Spreadsheet cells arrive as binary floats: go through their shortest decimal text.
        raw = repr(raw)
    text = str(raw).strip().replace(",", "").replace("，", "")
    for suffix in ("亿元", "万元", "元", "亿", "万"):
        if text.endswith(suffix):
            unit = {"亿": "亿元", "万": "万元"}.get(suffix, suffix)
            text = text[: -len(suffix)].strip()
            break
    if text in ("", "-", "—", "/"):
        return None
    try:
        value = Decimal(text)
    except InvalidOperation as exc:
        raise MoneyError(f"无法识别的金额 \"{raw}\"") from exc
    if not value.is_finite():
        raise MoneyError(f"无法识别的金额 \"{raw}\"")
    factor = {"亿元": YI_IN_WAN, "万元": Decimal(1), "元": Decimal("0.0001")}[unit]
    try:
        return (value * factor).quantize(WAN_PLACES, rounding=ROUND_HALF_UP)
    except DecimalException as exc:  # more digits than Decimal holds (1e30): no project costs that much
        raise MoneyError(f"金额过大，无法识别 \"{raw}\"") from exc


def _trim(value: Decimal, places: int) -> str:
    text = f"{value:,.{places}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def format_wan(value: Decimal | None, places: int = 2) -> str:
    """`12,345.67万元`; empty for None."""
    if value is None:
        return ""
    return f"{_trim(value, places)}万元"


def format_money(value: Decimal | None) -> str:
    """万元, switching to 亿元 from 1亿 upward (as county reports write it)."""
    if value is None:
        return ""
    if abs(value) >= YI_IN_WAN:
        return f"{_trim(value / YI_IN_WAN, 2)}亿元"
    return format_wan(value)
