"""Use cases of the cockpit: the HQ office enters a month's statistics, or imports the statistics bureau's
workbook (all rows or none). Each writes its audit events inside its transaction."""

import datetime
from decimal import Decimal

from django.db import transaction
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from wumei.audit.services import record, snapshot
from wumei.cockpit import rules
from wumei.cockpit.cache import forget_figures
from wumei.cockpit.models import MonthlyStatistic
from wumei.cockpit.queries import statistics_regions
from wumei.core.errors import PermissionDenied, ValidationError
from wumei.org.models import Region

MAX_ROWS = 5000


def _save(actor, region: Region, year: int, month: int, values: dict) -> tuple[MonthlyStatistic, bool]:
    found = MonthlyStatistic.objects.select_for_update().filter(region=region, year=year, month=month).first()
    before = snapshot(found) if found else None
    stat = found or MonthlyStatistic(region=region, year=year, month=month)
    for name in ("fai_amount", "fai_growth", "gdp_growth", "industry_growth"):
        setattr(stat, name, values.get(name))
    stat.updated_by = actor if getattr(actor, "is_authenticated", False) else None
    stat.save()
    record(actor, "statistic.update" if found else "statistic.create", stat, before=before, after=snapshot(stat),
           region_code=region.code)
    return stat, found is None


def save_statistic(actor, region: Region, *, year: int, month: int, fai_amount: Decimal | None,
                   fai_growth: Decimal | None = None, gdp_growth: Decimal | None = None,
                   industry_growth: Decimal | None = None, today: datetime.date) -> MonthlyStatistic:
    """Enter (or correct) one region's statistics of one month."""
    if not statistics_regions(actor).filter(pk=region.pk).exists():
        raise PermissionDenied("只有本地区指挥部办公室可以录入统计数据")
    errors = {}
    if not 2000 <= year <= today.year:
        errors["year"] = f"年度应在2000年至{today.year}年之间"
    if not 1 <= month <= 12:
        errors["month"] = "月份应为1至12"
    elif year == today.year and month > today.month:
        errors["month"] = "不能录入尚未到来月份的统计数据"
    if fai_amount is None:
        errors["fai_amount"] = "请填写固定资产投资累计（万元）"
    elif fai_amount < 0:
        errors["fai_amount"] = "固定资产投资不能为负数"
    for name, value in (("fai_growth", fai_growth), ("gdp_growth", gdp_growth), ("industry_growth", industry_growth)):
        if value is not None and value <= -100:
            errors[name] = "同比增长应大于-100%"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        stat, _ = _save(actor, region, year, month, {"fai_amount": fai_amount, "fai_growth": fai_growth,
                                                     "gdp_growth": gdp_growth, "industry_growth": industry_growth})
        transaction.on_commit(forget_figures)
    return stat


def import_statistics(actor, upload, *, today: datetime.date) -> dict[str, int]:
    """Import the statistics bureau's workbook (layout: docs/cockpit.md): the first sheet, a header row, one
    region-month per row. Any bad row rejects the whole file, every error named by row and column."""
    allowed = statistics_regions(actor)
    if not allowed.exists():
        raise PermissionDenied("只有指挥部办公室可以导入统计数据")
    try:
        workbook = load_workbook(upload, read_only=True, data_only=True)
    except (InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise ValidationError({"file": "无法读取该文件，请上传 .xlsx 格式的Excel文件"}) from exc
    sheet = workbook.worksheets[0]
    rows = list(sheet.iter_rows(values_only=True, max_row=MAX_ROWS + 1))
    workbook.close()
    if not rows:
        raise ValidationError({"file": "文件为空"})
    header = tuple(str(v).strip() if v is not None else "" for v in rows[0][: len(rules.HEADERS)])
    if header[: 4] != rules.HEADERS[: 4]:
        raise ValidationError({"file": "第1行表头应为：" + "、".join(rules.HEADERS)})
    if len(rows) > MAX_ROWS:
        raise ValidationError({"file": f"一次最多导入{MAX_ROWS - 1}行"})
    regions = {r.code: r for r in allowed}
    errors: list[str] = []
    parsed: list[tuple[int, dict]] = []
    seen: dict[tuple, int] = {}
    for number, values in enumerate(rows[1:], start=2):
        if all(v is None or str(v).strip() == "" for v in values):
            continue
        row, row_errors = rules.parse_row(values, number, today.year)
        errors.extend(row_errors)
        if row_errors:
            continue
        if row["region_code"] not in regions:
            errors.append(f"第{number}行第A列（区划代码）：没有区划代码为 {row['region_code']} 的地区，或无权录入")
            continue
        if row["year"] == today.year and row["month"] > today.month:
            errors.append(f"第{number}行第C列（月份）：不能导入尚未到来月份的统计数据")
            continue
        key = (row["region_code"], row["year"], row["month"])
        if key in seen:
            errors.append(f"第{number}行：与第{seen[key]}行重复（同一地区同一月份）")
            continue
        seen[key] = number
        parsed.append((number, row))
    if errors:
        raise ValidationError({"file": errors})
    if not parsed:
        raise ValidationError({"file": "文件中没有数据行"})
    created = updated = 0
    with transaction.atomic():
        for _, row in parsed:
            _, is_new = _save(actor, regions[row["region_code"]], row["year"], row["month"], row)
            created += is_new
            updated += not is_new
        transaction.on_commit(forget_figures)
    return {"created": created, "updated": updated}
