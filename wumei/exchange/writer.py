"""Writing the key-project table (重点项目调度表) in the layout county offices use. Pure: no database.

Title row, a "截至YYYY年M月D日" line, a two-row header with merged groups ("投资情况（万元）" above its
columns), one section per category ("一、工业项目") closed by a 小计 row, a 合计 row at the end; bold
header, borders, fills, frozen panes below the header, 万元 and date formats, sensible widths.

Text that a spreadsheet would run as a formula (starting with = + - @) is written as a string cell with
Excel's quote prefix set: it shows and re-imports exactly as typed and never runs, even after editing.
"""

import datetime
import io
from dataclasses import dataclass
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

MONEY_FORMAT = "#,##0.00##"
DATE_FORMAT = "yyyy-mm-dd"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CHINESE_NUMERALS = "一二三四五六七八九十"


@dataclass(frozen=True)
class ExportColumn:
    field: str
    label: str
    kind: str = "text"  # text / money / date
    group: str | None = None
    width: int = 12


def export_columns(as_of: datetime.date) -> list[ExportColumn]:
    """The exported columns; their headers re-import to the same fields."""
    money = "投资情况（万元）"
    dates = "时间节点"
    service = "项目服务“三个一”"
    ytd = "1月完成投资" if as_of.month == 1 else f"1-{as_of.month}月完成投资"
    return [
        ExportColumn("seq", "序号", width=6),
        ExportColumn("code", "项目编号", width=14),
        ExportColumn("name", "项目名称", width=32),
        ExportColumn("owner", "项目业主", width=26),
        ExportColumn("content", "建设内容及规模", width=40),
        ExportColumn("level", "项目级别", width=10),
        ExportColumn("chain", "产业链", width=14),
        ExportColumn("park", "所在园区", width=16),
        ExportColumn("town", "所在乡镇", width=12),
        ExportColumn("total_investment", "总投资", "money", money, 14),
        ExportColumn("plan_investment", f"{as_of.year}年计划投资", "money", money, 14),
        ExportColumn("year_investment", ytd, "money", money, 14),
        ExportColumn("cumulative_investment", "累计完成投资", "money", money, 14),
        ExportColumn("plan_kind", "计划类型", width=10),
        ExportColumn("funding_source", "资金来源", width=16),
        ExportColumn("funding_priority", "保障类别", width=8),
        ExportColumn("planned_start_on", "计划开工时间", "date", dates, 12),
        ExportColumn("actual_start_on", "实际开工时间", "date", dates, 12),
        ExportColumn("planned_completion_on", "计划竣工投产时间", "date", dates, 12),
        ExportColumn("actual_completion_on", "实际竣工投产时间", "date", dates, 12),
        ExportColumn("stage", "项目阶段", width=12),
        ExportColumn("image_progress", "形象进度", width=30),
        ExportColumn("issues", "存在问题", width=30),
        ExportColumn("responsible_unit", "责任单位", width=20),
        ExportColumn("lead_leader", "牵头领导", width=10),
        ExportColumn("butler", "项目管家", "text", service, 10),
        ExportColumn("police", "项目警官", "text", service, 10),
        ExportColumn("inspector", "纪检监察员", "text", service, 10),
        ExportColumn("work_plan", "工作方案", width=30),
    ]


THIN = Side(style="thin", color="808080")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
SECTION_FILL = PatternFill("solid", fgColor="FFF2CC")
TOTAL_FILL = PatternFill("solid", fgColor="F2F2F2")
BOLD = Font(bold=True)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
WRAP = Alignment(vertical="center", wrap_text=True)
MIDDLE = Alignment(vertical="center")

TITLE_ROW, AS_OF_ROW, HEADER_ROW = 1, 2, 3
FIRST_DATA_ROW = HEADER_ROW + 2


def section_title(index: int, label: str) -> str:
    """"一、工业项目" for the first section."""
    numeral = CHINESE_NUMERALS[index] if index < 10 else str(index + 1)
    return f"{numeral}、{label}"


def as_of_line(as_of: datetime.date) -> str:
    return f"截至{as_of.year}年{as_of.month}月{as_of.day}日"


def _set_text(cell, value: str) -> None:
    cell.value = value
    if value.startswith(FORMULA_STARTS):
        cell.data_type = "s"  # openpyxl would otherwise write "=…" as a formula
        cell.quotePrefix = True


def build_workbook(*, title: str, as_of: datetime.date, columns: list[ExportColumn],
                   sections: list[tuple[str, list[dict]]]) -> bytes:
    """The .xlsx bytes of `sections` — (section label, rows as {field: value}) — under one title."""
    wb = Workbook()
    ws = wb.active
    ws.title = "重点项目调度表"
    width = len(columns)
    last = get_column_letter(width)

    ws.cell(TITLE_ROW, 1, title).font = Font(bold=True, size=16)
    ws.cell(TITLE_ROW, 1).alignment = CENTER
    ws.merge_cells(f"A{TITLE_ROW}:{last}{TITLE_ROW}")
    ws.row_dimensions[TITLE_ROW].height = 30
    ws.cell(AS_OF_ROW, 1, f"{as_of_line(as_of)}　　单位：万元").alignment = Alignment(horizontal="right")
    ws.merge_cells(f"A{AS_OF_ROW}:{last}{AS_OF_ROW}")

    _write_header(ws, columns)
    money_fields = [c.field for c in columns if c.kind == "money"]
    row = FIRST_DATA_ROW
    totals = dict.fromkeys(money_fields, Decimal(0))
    seq = 0
    for index, (label, items) in enumerate(sections):
        cell = ws.cell(row, 1, section_title(index, label))
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=3)
        for col in range(1, width + 1):
            ws.cell(row, col).fill = SECTION_FILL
            ws.cell(row, col).border = BORDER
        cell.font = BOLD
        row += 1
        subtotals = dict.fromkeys(money_fields, Decimal(0))
        for item in items:
            seq += 1
            _write_row(ws, row, columns, {**item, "seq": seq})
            for name in money_fields:
                if item.get(name) is not None:
                    subtotals[name] += item[name]
            row += 1
        _write_total(ws, row, columns, f"小计（{len(items)}个）", subtotals)
        for name in money_fields:
            totals[name] += subtotals[name]
        row += 1
    _write_total(ws, row, columns, f"合计（{seq}个）", totals)

    for index, column in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(index)].width = column.width
    ws.freeze_panes = f"D{FIRST_DATA_ROW}"
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW + 1}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _write_header(ws, columns: list[ExportColumn]) -> None:
    groups: dict[str, list[int]] = {}
    for index, column in enumerate(columns, start=1):
        for row in (HEADER_ROW, HEADER_ROW + 1):
            cell = ws.cell(row, index)
            cell.font, cell.fill, cell.border, cell.alignment = BOLD, HEADER_FILL, BORDER, CENTER
        if column.group:
            ws.cell(HEADER_ROW + 1, index, column.label)
            groups.setdefault(column.group, []).append(index)
        else:
            ws.cell(HEADER_ROW, index, column.label)
            ws.merge_cells(start_row=HEADER_ROW, start_column=index, end_row=HEADER_ROW + 1, end_column=index)
    for group, indexes in groups.items():
        ws.cell(HEADER_ROW, indexes[0], group)
        ws.merge_cells(start_row=HEADER_ROW, start_column=indexes[0], end_row=HEADER_ROW, end_column=indexes[-1])
    ws.row_dimensions[HEADER_ROW].height = 22
    ws.row_dimensions[HEADER_ROW + 1].height = 32


def _write_row(ws, row: int, columns: list[ExportColumn], item: dict) -> None:
    for index, column in enumerate(columns, start=1):
        cell = ws.cell(row, index)
        cell.border = BORDER
        value = item.get(column.field)
        if value is None or value == "":
            continue
        if column.kind == "money":
            cell.value = value
            cell.number_format = MONEY_FORMAT
            cell.alignment = MIDDLE
        elif column.kind == "date":
            cell.value = value
            cell.number_format = DATE_FORMAT
            cell.alignment = MIDDLE
        elif isinstance(value, int):
            cell.value = value
            cell.alignment = CENTER
        else:
            _set_text(cell, str(value))
            cell.alignment = WRAP


def _write_total(ws, row: int, columns: list[ExportColumn], label: str, sums: dict) -> None:
    for index, column in enumerate(columns, start=1):
        cell = ws.cell(row, index)
        cell.fill, cell.border, cell.font = TOTAL_FILL, BORDER, BOLD
        if column.field == "name":
            cell.value = label
            cell.alignment = CENTER
        elif column.kind == "money":
            cell.value = sums[column.field]
            cell.number_format = MONEY_FORMAT
