"""问责 as pure rules: a case's date checks and the yearly counts table."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field


def case_errors(*, reason: str, occurred_on: datetime.date | None, status: str, closed_on: datetime.date | None,
                today: datetime.date, closed: str = "closed") -> dict[str, str]:
    """A case needs its reason and a date not in the future; a closed case its closing day, on or after the
    case's date and not in the future."""
    errors: dict[str, str] = {}
    if not (reason or "").strip():
        errors["reason"] = "请填写问责事由"
    if occurred_on is None:
        errors["occurred_on"] = "请填写问责日期"
    elif occurred_on > today:
        errors["occurred_on"] = "问责日期不能晚于今天"
    if status == closed:
        if closed_on is None:
            errors["closed_on"] = "已办结的案件请填写办结日期"
        elif closed_on > today:
            errors["closed_on"] = "办结日期不能晚于今天"
        elif occurred_on is not None and closed_on < occurred_on:
            errors["closed_on"] = "办结日期不能早于问责日期"
    return errors


@dataclass
class YearRow:
    year: int
    counts: dict[str, int] = field(default_factory=dict)  # kind → cases
    people: int = 0  # people held accountable that year

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def year_table(rows: Iterable[tuple[int, str, int]], people: Iterable[tuple[int, int]], kinds: list[str]) -> list[YearRow]:
    """Counts per year (newest first) and kind, every kind present (0 when none); `rows` are (year, kind, cases),
    `people` (year, distinct people) — 约谈5人、查处营商环境问题9个、处理处分干部15人 are such figures."""
    table: dict[int, YearRow] = {}
    for year, kind, count in rows:
        row = table.setdefault(year, YearRow(year, dict.fromkeys(kinds, 0)))
        row.counts[kind] = row.counts.get(kind, 0) + count
    for year, count in people:
        table.setdefault(year, YearRow(year, dict.fromkeys(kinds, 0))).people = count
    return [table[year] for year in sorted(table, reverse=True)]
