"""Every cockpit list and chart as an .xlsx sheet, styled and neutralised like the registry's export
(wumei.exchange.writer): text starting with = + - @ is stored as text, never as a formula."""

import datetime
import io
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from wumei.exchange.writer import (
    BORDER,
    CENTER,
    DATE_FORMAT,
    FORMULA_STARTS,
    HEADER_FILL,
    MONEY_FORMAT,
    as_of_line,
)


def _put(ws, row: int, col: int, value, money: bool) -> None:
    cell = ws.cell(row, col)
    if isinstance(value, str):
        cell.value = value
        if value.startswith(FORMULA_STARTS):
            cell.data_type = "s"
            cell.quotePrefix = True
    else:
        cell.value = value
        if isinstance(value, Decimal) and money:
            cell.number_format = MONEY_FORMAT
        elif isinstance(value, datetime.date):
            cell.number_format = DATE_FORMAT
    cell.border = BORDER


def workbook_bytes(*, title: str, region_name: str, on: datetime.date, headers: list[str], rows: list[list]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = title[:31]
    ws.cell(1, 1, f"{region_name}{title}").font = Font(bold=True, size=14)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=max(1, len(headers)))
    ws.cell(2, 1, as_of_line(on))
    for col, header in enumerate(headers, start=1):
        cell = ws.cell(3, col, header)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = CENTER
        cell.border = BORDER
        ws.column_dimensions[get_column_letter(col)].width = max(10, min(40, len(header) * 2 + 2))
    for r, values in enumerate(rows, start=4):
        for col, value in enumerate(values, start=1):
            _put(ws, r, col, value, money="万元" in headers[col - 1])
    ws.freeze_panes = "A4"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
