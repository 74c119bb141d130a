"""Cockpit rules as pure functions over plain values: the few figures no other app computes.

Everything else the cockpit shows comes from the other apps' rules (dekad: 序时进度 and RAG; problems: the
collected/solved figures and ageing; weekly: visit coverage and the fulfilment rate; daily: the reporting rate;
bulletins: the document counts).

- Started rate (开工率): the year's planned projects (an annual plan for the year of a kind other than 预备/前期)
  that have started by the day (actual start on or before it, in any year) ÷ those projects. The seed's
  "22个省市重点项目100%开工" is this rate for the provincial and municipal key projects.
- Completion rate (竣工率): the year's projects planned to be completed (plan kind 竣工投产) completed by the day
  ÷ those projects.
- Share of fixed-asset investment (占固定资产投资比重): key projects' investment completed this year up to the
  end of the statistics month ÷ the region's fixed-asset investment from January to that month.
- A city's or province's FAI growth, without a figure of its own: its counties' amounts summed, against last
  year's amounts implied by each county's growth (amount ÷ (1 + growth)); not an average of percentages.
"""

import calendar
import datetime
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from wumei.core.money import MoneyError, parse_wan
from wumei.weekly.rules import percent

HUNDRED = Decimal(100)
ONE_PLACE = Decimal("0.1")


def share_percent(part: Decimal | None, whole: Decimal | None) -> Decimal | None:
    """part ÷ whole in percent, one decimal; None when the whole is missing or zero."""
    if part is None or not whole:
        return None
    return (part * HUNDRED / whole).quantize(ONE_PLACE, rounding=ROUND_HALF_UP)


def rate(part: int, whole: int) -> Decimal | None:
    return percent(part, whole)


def month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def statistics_month(on: datetime.date, months_available: Iterable[int]) -> int | None:
    """The latest month of `on`'s year with statistics that had ended by `on` (a month's figures describe the
    whole month, so June's are not "as of" 16 June)."""
    ended = [m for m in months_available if month_end(on.year, m) <= on]
    return max(ended) if ended else None


def rolled_up_growth(rows: Iterable[tuple[Decimal, Decimal | None]]) -> Decimal | None:
    """Growth (%) of a sum of amounts, each with its own growth (%): Σamount ÷ Σ(amount ÷ (1 + g)) − 1.
    None when any part lacks its growth (the sum's growth would be wrong, not just less precise)."""
    rows = list(rows)
    if not rows or any(g is None for _, g in rows):
        return None
    last_year = sum((amount * HUNDRED / (HUNDRED + g) for amount, g in rows), Decimal(0))
    if not last_year:
        return None
    total = sum((amount for amount, _ in rows), Decimal(0))
    return ((total / last_year - 1) * HUNDRED).quantize(ONE_PLACE, rounding=ROUND_HALF_UP)


def gap_text(gap_points: Decimal) -> str:
    """`低于序时进度1.6个百分点` / `高于序时进度2个百分点` / `与序时进度持平` (gap = schedule − completion)."""
    from wumei.dekad.rules import pct_text

    if gap_points > 0:
        return f"低于序时进度{pct_text(gap_points)}个百分点"
    if gap_points < 0:
        return f"高于序时进度{pct_text(-gap_points)}个百分点"
    return "与序时进度持平"


# ------------------------------------------------------------------------------------ statistics import

COLUMNS = (
    ("region_code", "区划代码", True),
    ("year", "年度", True),
    ("month", "月份", True),
    ("fai_amount", "固定资产投资累计（万元）", True),
    ("fai_growth", "固定资产投资同比增长（%）", False),
    ("gdp_growth", "地区生产总值同比增长（%）", False),
    ("industry_growth", "规模工业增加值同比增长（%）", False),
)
HEADERS = tuple(label for _, label, _ in COLUMNS)


def column_letter(index: int) -> str:
    return chr(ord("A") + index)


def _integer(raw: object) -> int:
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    text = str(raw).strip()
    if not text.isdigit():
        raise ValueError
    return int(text)


def _growth(raw: object) -> Decimal:
    text = (repr(raw) if isinstance(raw, float) else str(raw)).strip().rstrip("%％").strip()
    value = Decimal(text)
    if not value.is_finite() or not Decimal(-100) < value < Decimal(100000):
        raise ValueError
    return value.quantize(ONE_PLACE, rounding=ROUND_HALF_UP)


def parse_row(values: tuple, row_number: int, this_year: int) -> tuple[dict, list[str]]:
    """One data row of the statistics workbook → (values, Chinese errors naming row and column)."""
    out: dict = {}
    errors: list[str] = []
    for index, (name, label, required) in enumerate(COLUMNS):
        raw = values[index] if index < len(values) else None
        where = f"第{row_number}行第{column_letter(index)}列（{label}）"
        if raw is None or str(raw).strip() == "":
            if required:
                errors.append(f"{where}：不能为空")
            out[name] = None
            continue
        try:
            if name == "region_code":
                out[name] = str(_integer(raw))
            elif name == "year":
                out[name] = _integer(raw)
                if not 2000 <= out[name] <= this_year:
                    errors.append(f"{where}：年度应在2000年至{this_year}年之间")
            elif name == "month":
                out[name] = _integer(raw)
                if not 1 <= out[name] <= 12:
                    errors.append(f"{where}：月份应为1至12")
            elif name == "fai_amount":
                out[name] = parse_wan(raw)
                if out[name] is not None and out[name] < 0:
                    errors.append(f"{where}：金额不能为负数")
            else:
                out[name] = _growth(raw)
        except (ValueError, ArithmeticError, MoneyError):
            kind = "金额" if name == "fai_amount" else ("百分比" if name.endswith("growth") else "整数")
            errors.append(f"{where}：无法识别的{kind}“{raw}”")
    return out, errors
