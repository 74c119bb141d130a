"""The table parser, without a database: dates, money, header detection, sections, totals, synonyms."""

import datetime
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from wumei.exchange import parser
from wumei.exchange.parser import RowError, ValueProblem, parse_date, parse_money
from wumei.exchange.tests.workbooks import MESSY_COLUMNS, Col, build_table, messy_rows, save
from wumei.projects.models import Category, FundingSource, Level, PlanKind, Stage

LIMITS = {"max_bytes": 20 * 1024 * 1024, "max_rows": 50_000}


def parse(data: bytes) -> parser.ParsedSheet:
    return parser.parse_file(data, "调度表.xlsx", **LIMITS)


# --- dates ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("raw", "expected"), [
    ("2023-03-15", datetime.date(2023, 3, 15)),
    ("2023/3/15", datetime.date(2023, 3, 15)),
    ("2023.03.15", datetime.date(2023, 3, 15)),
    ("2023.3.5", datetime.date(2023, 3, 5)),
    ("2023年3月15日", datetime.date(2023, 3, 15)),
    ("2023年3月15号", datetime.date(2023, 3, 15)),
    ("2023 年 3 月 15 日", datetime.date(2023, 3, 15)),
    ("２０２３年３月１５日", datetime.date(2023, 3, 15)),
    ("20230315", datetime.date(2023, 3, 15)),
    ("2023-03-15 00:00:00", datetime.date(2023, 3, 15)),
    (datetime.datetime(2023, 3, 15, 0, 0), datetime.date(2023, 3, 15)),
    (datetime.date(2023, 3, 15), datetime.date(2023, 3, 15)),
    (45000, datetime.date(2023, 3, 15)),
    (45000.0, datetime.date(2023, 3, 15)),
    ("2023.3", datetime.date(2023, 3, 1)),
    (2023.3, datetime.date(2023, 3, 1)),
    ("2023.10", datetime.date(2023, 10, 1)),
    ("2023年3月", datetime.date(2023, 3, 1)),
    ("2023年3月份", datetime.date(2023, 3, 1)),
    ("2023-03", datetime.date(2023, 3, 1)),
    ("2023/3", datetime.date(2023, 3, 1)),
])
def test_dates_in_every_written_form_are_read_as_start_dates(raw, expected):
    assert parse_date(raw) == expected


@pytest.mark.parametrize(("raw", "expected"), [
    ("2023年2月", datetime.date(2023, 2, 28)),
    ("2024年2月", datetime.date(2024, 2, 29)),
    ("2023.12", datetime.date(2023, 12, 31)),
    ("2023-04", datetime.date(2023, 4, 30)),
    ("2023年6月30日", datetime.date(2023, 6, 30)),
])
def test_month_only_completion_dates_mean_the_last_day_of_the_month(raw, expected):
    assert parse_date(raw, end_of_month=True) == expected


@pytest.mark.parametrize("raw", [None, "", "  ", "-", "—", "/", "无"])
def test_blank_dates_are_none(raw):
    assert parse_date(raw) is None


@pytest.mark.parametrize("raw", ["2023年13月", "2023-02-30", "2023.13", "明年三月", "2023", 2023, 123, True,
                                 "2023年3月32日", "23-3-15"])
def test_impossible_or_unreadable_dates_are_refused_with_the_value_quoted(raw):
    with pytest.raises(ValueProblem) as exc:
        parse_date(raw)
    assert str(exc.value) == f"无法识别的日期 \"{raw}\""


# --- money ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("raw", "unit", "expected"), [
    (12500, "万元", Decimal("12500")),
    ("1,234.5", "万元", Decimal("1234.5")),
    (1.25, "亿元", Decimal("12500")),
    ("0.8", "亿元", Decimal("8000")),
    (123456789, "元", Decimal("12345.6789")),
    ("1.2亿", "万元", Decimal("12000")),
    ("3000万元", "亿元", Decimal("3000")),
    (0.1, "万元", Decimal("0.1")),
    (12345.6789, "万元", Decimal("12345.6789")),
])
def test_money_is_exact_wan_in_the_columns_unit_unless_the_cell_says_otherwise(raw, unit, expected):
    assert parse_money(raw, unit) == expected


def test_money_refuses_negative_and_unreadable_amounts():
    with pytest.raises(ValueProblem, match="金额不能为负数"):
        parse_money(-5)
    with pytest.raises(ValueProblem, match='无法识别的金额 "约三千万"'):
        parse_money("约三千万")


# --- headers -------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("header", "field", "unit"), [
    ("总投资（万元）", "total_investment", "万元"),
    ("总投资(亿元)", "total_investment", "亿元"),
    ("总投资/亿元", "total_investment", "亿元"),
    ("总投资（元）", "total_investment", "元"),
    ("计划总投资（万元）", "total_investment", "万元"),
    ("计划开工时间", "planned_start_on", None),
    ("开工时间（计划）", "planned_start_on", None),
    ("实际开工时间", "actual_start_on", None),
    ("计划竣工时间", "planned_completion_on", None),
    ("计划投产时间", "planned_completion_on", None),
    ("计划竣工投产时间", "planned_completion_on", None),
    ("实际竣工时间", "actual_completion_on", None),
    ("项目业主", "owner", None),
    ("建设单位", "owner", None),
    ("业主单位", "owner", None),
    ("责任单位", "responsible_unit", None),
    ("牵头领导", "lead_leader", None),
    ("牵头县级领导", "lead_leader", None),
    ("项目名称", "name", None),
    ("项目编号", "code", None),
    ("项目代码", "code", None),
    ("建设内容", "content", None),
    ("建设内容及规模", "content", None),
    ("项目类别", "category", None),
    ("项目级别", "level", None),
    ("产业链", "chain", None),
    ("园区（乡镇）", "location", None),
    ("所在园区/乡镇", "location", None),
    ("所在园区", "park", None),
    ("所在乡镇", "town", None),
    ("年度计划投资", "plan_investment", None),
    ("2023年计划投资（万元）", "plan_investment", "万元"),
    ("本年计划投资", "plan_investment", None),
    ("计划类型", "plan_kind", None),
    ("资金来源", "funding_source", None),
    ("保障类别", "funding_priority", None),
    ("项目阶段", "stage", None),
    ("建设阶段", "stage", None),
    ("项目管家", "butler", None),
    ("项目警官", "police", None),
    ("纪检监察员", "inspector", None),
    ("1-9月完成投资", "year_investment", None),
    ("1—9月完成投资（万元）", "year_investment", "万元"),
    ("本年完成投资", "year_investment", None),
    ("累计完成投资", "cumulative_investment", None),
    ("形象进度", "image_progress", None),
    ("存在问题", "issues", None),
    ("序号", "seq", None),
    ("工作方案", "work_plan", None),
])
def test_header_synonyms_and_units(header, field, unit):
    text, found_unit = parser.normalise_header(header)
    assert parser.match_field(text) == field
    assert found_unit == unit


@pytest.mark.parametrize("header", ["9月完成投资", "示范县2023年重点项目调度表", "截至2023年9月20日", "备注说明"])
def test_texts_that_are_not_columns_match_nothing(header):
    assert parser.match_field(parser.normalise_header(header)[0]) is None


def test_header_below_a_title_and_an_as_of_line_spans_two_merged_rows():
    sheet = parse(build_table(messy_rows()))

    assert (sheet.header.row, sheet.header.height) == (3, 2)
    assert sheet.as_of == datetime.date(2023, 9, 20)
    assert sheet.header_year == 2023
    total = sheet.columns["total_investment"]
    assert (total.header, total.unit) == ("总投资", "亿元")
    assert sheet.columns["plan_investment"].year == 2023
    assert sheet.columns["planned_start_on"].header == "开工时间（计划）"
    # every column of the messy layout but 序号 is recognised
    assert len(sheet.columns) == len(MESSY_COLUMNS)


def test_group_header_unit_applies_to_its_children_and_combines_with_their_text():
    columns = [
        Col("name", "项目名称"),
        Col("total", "总投资", "投资情况（亿元）"),
        Col("plan", "年度计划投资", "投资情况（亿元）"),
        Col("planned_start", "计划", "开工时间"),
        Col("actual_start", "实际", "开工时间"),
    ]
    sheet = parse(build_table([(None, [{"name": "甲项目", "total": 1, "plan": 0.5,
                                        "planned_start": "2023-01-01", "actual_start": "2023-02-01"}])],
                              columns=columns, totals=False))

    assert sheet.columns["total_investment"].unit == "亿元"
    assert sheet.columns["planned_start_on"].header == "开工时间计划"
    assert sheet.columns["actual_start_on"].header == "开工时间实际"
    values = sheet.rows[0].values
    assert values["total_investment"] == Decimal("10000")
    assert values["plan_investment"] == Decimal("5000")
    assert values["planned_start_on"] == datetime.date(2023, 1, 1)
    assert values["actual_start_on"] == datetime.date(2023, 2, 1)


def test_group_header_without_merge_ranges_is_spread_over_its_children():
    wb = Workbook()
    ws = wb.active
    ws.append(["项目名称", "投资情况（亿元）", None, "责任单位"])
    ws.append([None, "总投资", "年度计划投资", None])
    ws.append(["甲项目", 2, 1, "县发改局"])
    sheet = parse(save(wb))

    assert (sheet.header.row, sheet.header.height) == (1, 2)
    assert sheet.columns["plan_investment"].unit == "亿元"
    assert sheet.rows[0].values["plan_investment"] == Decimal("10000")
    assert sheet.rows[0].values["responsible_unit"] == "县发改局"


def test_single_row_header_on_the_first_row_with_the_table_unit_line_above_none():
    wb = Workbook()
    ws = wb.active
    ws.append(["序号", "项目名称", "总投资", "计划开工时间"])
    ws.append([1, "甲项目", 3000, "2023.5"])
    sheet = parse(save(wb))

    assert (sheet.header.row, sheet.header.height) == (1, 1)
    assert sheet.rows[0].values["total_investment"] == Decimal("3000")
    assert sheet.rows[0].values["planned_start_on"] == datetime.date(2023, 5, 1)


def test_table_unit_line_sets_the_unit_of_columns_that_name_none():
    wb = Workbook()
    ws = wb.active
    ws.append(["截至2023年6月30日　单位：亿元"])
    ws.append(["项目名称", "总投资", "年度计划投资（万元）"])
    ws.append(["甲项目", 1.5, 2000])
    sheet = parse(save(wb))

    assert sheet.as_of == datetime.date(2023, 6, 30)
    assert sheet.rows[0].values["total_investment"] == Decimal("15000")
    assert sheet.rows[0].values["plan_investment"] == Decimal("2000")


def test_as_of_line_with_a_month_only_means_the_end_of_that_month():
    sheet = parse(build_table(messy_rows(), as_of_line="数据截止：2023年9月"))
    assert sheet.as_of == datetime.date(2023, 9, 30)


def test_a_sheet_without_the_name_column_has_no_header():
    rows = [(1, ["序号", "总投资", "计划开工时间"]), (2, [1, 100, "2023-01-01"])]
    assert parser.find_header(rows) is None


# --- rows ----------------------------------------------------------------------------------------------

def test_section_rows_set_the_category_and_totals_notes_and_blanks_are_skipped():
    sheet = parse(build_table(messy_rows()))

    assert [row.values["name"] for row in sheet.rows] == ["年产10万吨新材料项目", "智能装备产业园项目", "县城环线公路二期"]
    assert [row.row for row in sheet.rows] == [6, 7, 10]
    assert [row.section.get("category") for row in sheet.rows] == [
        Category.INDUSTRIAL, Category.INDUSTRIAL, Category.INFRASTRUCTURE]
    assert sheet.errors == []


def test_sub_sections_set_the_level_and_a_numeral_in_the_seq_column_starts_a_section():
    wb = Workbook()
    ws = wb.active
    ws.append(["序号", "项目名称", "总投资"])
    ws.append(["一", "工业项目"])
    ws.append(["（一）省重点项目"])
    ws.append([1, "甲项目", 100])
    ws.append(["（二）县级重点项目（3个）"])
    ws.append([2, "乙项目", 200])
    ws.append(["二、续建项目"])
    ws.append([3, "丙项目", 300])
    ws.append([None, "合计（3个）", 600])
    sheet = parse(save(wb))

    assert [(r.values["name"], r.section) for r in sheet.rows] == [
        ("甲项目", {"category": Category.INDUSTRIAL, "level": Level.PROVINCIAL}),
        ("乙项目", {"category": Category.INDUSTRIAL, "level": Level.COUNTY}),
        ("丙项目", {"plan_kind": PlanKind.CONTINUING}),
    ]


def test_choices_read_labels_and_synonyms():
    sheet = parse(build_table(messy_rows()))
    first, second, third = (row.values for row in sheet.rows)

    assert (first["level"], second["level"], third["level"]) == (Level.PROVINCIAL, Level.MUNICIPAL, Level.COUNTY)
    assert (first["stage"], second["stage"], third["stage"]) == (Stage.STARTED,) * 3
    assert (first["funding_priority"], second["funding_priority"], third["funding_priority"]) == (1, 2, 3)
    assert third["funding_source"] == FundingSource.SPECIAL_BOND
    assert third["plan_kind"] == PlanKind.COMPLETING
    assert third["lead_leader"] == "张三"  # title in brackets dropped
    assert first["lead_leader"] == "李四"  # padding spaces dropped


@pytest.mark.parametrize(("name", "raw", "expected"), [
    ("stage", "已竣工", Stage.OPERATING),
    ("stage", "已投产", Stage.OPERATING),
    ("stage", "前期", Stage.PLANNING),
    ("stage", "谈判签约", Stage.SIGNING),
    ("plan_kind", "预备", PlanKind.PREPARATORY),
    ("plan_kind", "预备/前期", PlanKind.PREPARATORY),
    ("funding_priority", "四类", 4),
    ("funding_priority", 2.0, 2),
    ("category", "社会民生项目", Category.SOCIAL),
    ("funding_source", "中央预算内", FundingSource.CENTRAL_BUDGET),
])
def test_choice_synonyms(name, raw, expected):
    assert parser.parse_choice(name, raw) == expected


def test_every_bad_cell_is_reported_with_its_excel_row_and_column_header():
    rows = messy_rows()
    rows[0][1][0]["planned_start"] = "2023年13月"
    rows[1][1][0]["total"] = "两亿"
    rows[1][1][0]["level"] = "国家级"
    sheet = parse(build_table(rows))

    assert [str(error) for error in sheet.errors] == [
        '第6行「开工时间（计划）」：无法识别的日期 "2023年13月"',
        '第10行「项目级别」：无法识别的项目级别 "国家级"',
        '第10行「总投资」：无法识别的金额 "两亿"',
    ]


def test_error_text_format_matches_the_brief():
    error = RowError(12, "计划开工时间", '无法识别的日期 "2023年13月"')
    assert str(error) == '第12行「计划开工时间」：无法识别的日期 "2023年13月"'
    assert error.as_dict() == {"row": 12, "column": "计划开工时间", "message": '无法识别的日期 "2023年13月"'}


def test_a_row_with_figures_but_no_name_is_an_error():
    wb = Workbook()
    ws = wb.active
    ws.append(["项目名称", "总投资", "计划开工时间"])
    ws.append([None, 100, "2023-01-01"])
    sheet = parse(save(wb))
    assert [str(e) for e in sheet.errors] == ["第2行「项目名称」：项目名称不能为空"]


def test_vertically_merged_responsible_unit_is_filled_down_but_money_is_not():
    wb = Workbook()
    ws = wb.active
    ws.append(["项目名称", "总投资", "责任单位"])
    ws.append(["甲项目", 100, "县发改局"])
    ws.append(["乙项目", None, None])
    ws.merge_cells("C2:C3")
    ws.merge_cells("B2:B3")
    sheet = parse(save(wb))

    assert [r.values["responsible_unit"] for r in sheet.rows] == ["县发改局", "县发改局"]
    assert [r.values["total_investment"] for r in sheet.rows] == [Decimal("100"), None]


def test_the_first_sheet_with_a_header_is_read():
    wb = Workbook()
    wb.active.append(["填表说明：金额单位为万元"])
    ws = wb.create_sheet("调度表")
    ws.append(["项目名称", "总投资"])
    ws.append(["甲项目", 1])
    sheet = parse(save(wb))
    assert sheet.sheet_title == "调度表"
    assert sheet.rows[0].values["name"] == "甲项目"


def test_park_names_are_told_from_town_names():
    assert parser.is_park_name("示范经开区")
    assert parser.is_park_name("高新技术产业开发区")
    assert parser.is_park_name("智能制造产业园")
    assert not parser.is_park_name("城关镇")
    assert not parser.is_park_name("西渡街道")


def test_a_header_merged_down_over_two_rows_is_two_rows_high():
    columns = [Col("name", "项目名称"), Col("total", "总投资"), Col("unit", "责任单位")]
    sheet = parse(build_table([(None, [{"name": "甲项目", "total": 1, "unit": "县发改局"}])], columns=columns,
                              totals=False))

    assert (sheet.header.row, sheet.header.height) == (3, 2)
    assert [(r.row, r.values["responsible_unit"]) for r in sheet.rows] == [(5, "县发改局")]
    assert sheet.errors == []


def test_notes_under_the_table_are_not_projects():
    wb = Workbook()
    ws = wb.active
    ws.append(["项目名称", "总投资"])
    ws.append(["甲项目", 1])
    ws.append(["填表人：王五　　联系电话：12345678"])
    ws.append(["注：金额单位为万元"])
    sheet = parse(save(wb))
    assert [r.values["name"] for r in sheet.rows] == ["甲项目"]
    assert sheet.errors == []


@pytest.mark.parametrize(("raw", "expected"), [
    ("张  三", "张三"), ("张三（常务副县长）", "张三"), ("张三、李四", "张三"), ("县工业和信息化局 ", "县工业和信息化局"),
    ("-", ""), (None, ""),
])
def test_names_of_people_and_units_are_cleaned(raw, expected):
    assert parser.parse_name(raw) == expected


@given(st.dates(min_value=datetime.date(1960, 1, 1), max_value=datetime.date(2100, 12, 31)),
       st.sampled_from(["{y}-{m:02d}-{d:02d}", "{y}/{m}/{d}", "{y}.{m:02d}.{d:02d}", "{y}年{m}月{d}日",
                        "{y}{m:02d}{d:02d}"]))
def test_any_date_written_in_any_full_form_reads_back(day, form):
    assert parse_date(form.format(y=day.year, m=day.month, d=day.day)) == day


@settings(max_examples=20, deadline=None)
@given(st.lists(st.decimals(min_value=0, max_value=Decimal("99999999999.9999"), places=4,
                            allow_nan=False, allow_infinity=False), min_size=1, max_size=30))
def test_any_wan_amount_written_to_a_cell_reads_back_exactly(amounts):
    wb = Workbook()
    ws = wb.active
    ws.append(["项目名称", "总投资（万元）"])
    for index, amount in enumerate(amounts):
        ws.append([f"项目{index}", amount])
    sheet = parse(save(wb))
    assert [row.values["total_investment"] for row in sheet.rows] == amounts
