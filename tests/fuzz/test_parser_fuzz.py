"""Hypothesis over the Excel import parser (wumei/exchange/parser.py): whatever a county's table holds, the
parser answers with typed values or its own Chinese errors (ValueProblem per cell, FileError per file) —
never another exception, which would be a server error on the import page."""

import calendar
import datetime
import io
import os
import re
from decimal import Decimal

from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from wumei.exchange import parser
from wumei.exchange.parser import FileError, ValueProblem

EXAMPLES = int(os.environ.get("WUMEI_FUZZ_EXAMPLES", "150"))
# No example database: a fuzz run leaves no .hypothesis/ folder behind in the work tree.
FUZZ = settings(max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=max(EXAMPLES // 3, 10), deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
CJK = re.compile(r"[\u4e00-\u9fff]")

# Cells as openpyxl hands them over: text, numbers, booleans, dates, times, nothing.
texts = st.text(max_size=30) | st.sampled_from([
    "2023年3月", "2023-03-15", "2023.3", "20230315", "2023/13/45", "2023年0月", "45000", "1e30", "-5", "NaN",
    "1,200.5", "3.5亿元", "120万", "800元", "——", "无", "已开工", "省重点", "一类", "Ⅱ类", "张三（常务副县长）",
    "合  计", "一、工业项目", "（二）市重点项目", "截至2023年9月20日", "单位：亿元",
])
cells = (texts | st.integers(min_value=-10**20, max_value=10**20) | st.booleans() | st.none()
         | st.floats(allow_nan=True, allow_infinity=True)
         | st.decimals(allow_nan=False, allow_infinity=False, places=4)
         | st.dates(min_value=datetime.date(1900, 1, 1)) | st.datetimes(min_value=datetime.datetime(1900, 1, 1)))
days = st.dates(min_value=datetime.date(1000, 1, 1), max_value=datetime.date(9999, 12, 31))


def chinese(error: Exception) -> bool:
    return bool(CJK.search(str(error)))


@FUZZ
@given(cells, st.booleans())
@example("1e30", False)
@example(10**20, False)
def test_a_date_cell_is_a_date_nothing_or_a_chinese_error(raw, end_of_month):
    try:
        value = parser.parse_date(raw, end_of_month=end_of_month)
    except ValueProblem as error:
        assert chinese(error)
        return
    assert value is None or isinstance(value, datetime.date)


@FUZZ
@given(days)
def test_every_written_form_of_a_day_reads_back_as_that_day(day):
    y, m, d = day.year, day.month, day.day
    for written in (day.isoformat(), f"{y}/{m}/{d}", f"{y}.{m:02d}.{d:02d}", f"{y}年{m}月{d}日", f"{y}{m:02d}{d:02d}",
                    f"{y}-{m}-{d} 08:30", f"{y}年{m}月{d}号"):
        assert parser.parse_date(written) == day, written
    # Month only: the month's first day as a start, its last as a completion.
    assert parser.parse_date(f"{y}年{m}月") == day.replace(day=1)
    assert parser.parse_date(f"{y}-{m:02d}", end_of_month=True) == day.replace(day=calendar.monthrange(y, m)[1])


@FUZZ
@given(cells, st.sampled_from(["万元", "亿元", "元"]))
@example("1e30", "万元")
@example("9" * 40, "亿元")
@example(1e300, "万元")
@example("1e999999", "亿元")
def test_a_money_cell_is_exact_non_negative_wan_nothing_or_a_chinese_error(raw, unit):
    try:
        value = parser.parse_money(raw, unit)
    except ValueProblem as error:
        assert chinese(error)
        return
    assert value is None or (isinstance(value, Decimal) and value >= 0 and value.is_finite())


@FUZZ
@given(st.decimals(min_value=0, max_value=10**12, places=4, allow_nan=False, allow_infinity=False))
def test_an_amount_reads_back_exactly_in_each_unit(amount):
    assert parser.parse_money(str(amount)) == amount
    assert parser.parse_money(f"{amount:,}") == amount  # thousands separators
    assert parser.parse_money(f"{amount}亿元", "万元") == (amount * 10000).quantize(Decimal("0.0001"))
    yuan = (amount * 10000).quantize(Decimal(1))
    assert parser.parse_money(str(yuan), "元") == yuan / 10000


@FUZZ
@given(st.sampled_from(sorted(parser.CHOICE_TABLES)), cells)
def test_a_choice_cell_is_a_known_value_nothing_or_a_chinese_error(name, raw):
    try:
        value = parser.parse_choice(name, raw)
    except ValueProblem as error:
        assert chinese(error)
        return
    assert value is None or value in set(parser.CHOICE_TABLES[name][0].values())


@FUZZ
@given(cells)
def test_text_and_names_never_fail(raw):
    assert isinstance(parser.parse_text(raw), str)
    name = parser.parse_name(raw)
    assert isinstance(name, str) and not any(ch.isspace() for ch in name)


HEADER_WORDS = ["序号", "项目编号", "项目名称", "建设内容及规模", "项目类别", "项目级别", "总投资（亿元）", "总投资（万元）",
                "2023年计划投资（万元）", "1-9月完成投资", "累计完成投资", "计划开工时间", "实际开工时间", "计划竣工投产时间",
                "建设阶段", "形象进度", "存在问题", "责任单位", "牵头县级领导", "项目管家", "投资情况", "时间节点", "备注"]
header_cells = st.sampled_from(HEADER_WORDS) | texts | st.none()
rows_of = st.lists(st.lists(header_cells | cells, max_size=12), max_size=12)


@FUZZ
@given(rows_of)
def test_any_rows_give_a_header_with_a_name_column_or_none(rows):
    numbered = list(enumerate(rows, start=1))
    header = parser.find_header(numbered)
    if header is not None:
        assert "name" in header.columns
        parsed, errors = parser.parse_rows(numbered, header, parser.find_table_unit(numbered))
        assert all(chinese(Exception(e.message)) for e in errors)
        assert all(row.row >= header.first_data_row for row in parsed)
    parser.find_as_of(numbered)


@FUZZ
@given(st.lists(header_cells, min_size=1, max_size=6), st.lists(st.lists(cells, max_size=8), max_size=8))
def test_rows_below_a_real_header_parse_into_values_or_chinese_cell_errors(extra_headers, data):
    header_row = ["项目名称", "总投资（亿元）", "计划开工时间", "计划竣工投产时间", "项目级别", "建设阶段", *extra_headers]
    rows = [(1, header_row)] + [(n, values) for n, values in enumerate(data, start=2)]
    header = parser.find_header(rows)
    assert header is not None and header.row == 1
    parsed, errors = parser.parse_rows(rows, header)
    for error in errors:
        assert error.row >= 2 and CJK.search(error.message)
    for row in parsed:
        for name in ("total_investment", "planned_start_on", "planned_completion_on"):
            value = row.values.get(name)
            assert value is None or isinstance(value, Decimal | datetime.date)


def workbook(rows: list[list]) -> bytes:
    wb = Workbook()
    sheet = wb.active
    for values in rows:
        sheet.append([v.replace(tzinfo=None) if isinstance(v, datetime.datetime) else v for v in values])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


SPREADSHEET_CELLS = (texts.map(lambda t: "".join(ch for ch in t if ch.isprintable())) | st.none()
                     | st.integers(min_value=-10**15, max_value=10**15)
                     | st.floats(allow_nan=False, allow_infinity=False) | st.booleans()
                     | st.dates(min_value=datetime.date(1900, 3, 1)))


@SLOW
@given(st.lists(st.lists(st.sampled_from(HEADER_WORDS) | SPREADSHEET_CELLS, max_size=10), max_size=10))
def test_a_whole_workbook_parses_or_fails_with_a_chinese_file_error(rows):
    data = workbook(rows)
    try:
        sheet = parser.parse_file(data, "表.xlsx", max_bytes=5 * 1024 * 1024, max_rows=1000)
    except FileError as error:
        assert chinese(error)
        return
    assert "name" in sheet.header.columns


VALID = workbook([["项目名称", "总投资（万元）", "计划开工时间"], ["纯碱项目", 12800, "2026年3月"]])


@SLOW
@given(st.data())
def test_a_damaged_file_is_refused_with_a_chinese_file_error(data):
    damaged = bytearray(VALID)
    how = data.draw(st.sampled_from(["flip", "truncate", "prefix"]))
    if how == "flip":
        for _ in range(data.draw(st.integers(1, 8))):
            position = data.draw(st.integers(0, len(damaged) - 1))
            damaged[position] = data.draw(st.integers(0, 255))
    elif how == "truncate":
        damaged = damaged[: data.draw(st.integers(0, len(damaged) - 1))]
    else:
        damaged = bytearray(data.draw(st.binary(max_size=64))) + damaged
    assume(bytes(damaged) != VALID)
    try:
        parser.parse_file(bytes(damaged), "表.xlsx", max_bytes=5 * 1024 * 1024, max_rows=1000)
    except FileError as error:
        assert chinese(error)


@FUZZ
@given(st.binary(max_size=2048), st.sampled_from(["表.xlsx", "表.xls", "表.csv", ""]))
def test_any_bytes_are_checked_without_a_crash(data, filename):
    try:
        parser.check_file(data, filename, max_bytes=1024)
    except FileError as error:
        assert chinese(error)
