"""Builders of test workbooks that look like real county tables: a merged title, a 截至 line, a two-row
header with merged groups, section rows, 小计/合计 rows, mixed date formats and a 亿元 column."""

import datetime
import io
from dataclasses import dataclass

from openpyxl import Workbook


@dataclass(frozen=True)
class Col:
    key: str  # the test's name for the column
    child: str  # lower header text (or the only one)
    group: str | None = None  # merged group text above it


MESSY_COLUMNS = [
    Col("seq", "序号"),
    Col("code", "项目编号"),
    Col("name", "项目名称"),
    Col("owner", "项目业主"),
    Col("content", "建设内容及规模"),
    Col("level", "项目级别"),
    Col("chain", "产业链"),
    Col("location", "园区（乡镇）"),
    Col("total", "总投资（亿元）", "投资情况"),
    Col("plan", "2023年计划投资（万元）", "投资情况"),
    Col("ytd", "1-9月完成投资（万元）", "投资情况"),
    Col("cumulative", "累计完成投资（万元）", "投资情况"),
    Col("plan_kind", "计划类型"),
    Col("funding", "资金来源"),
    Col("priority", "保障类别"),
    Col("planned_start", "开工时间（计划）", "时间节点"),
    Col("actual_start", "实际开工时间", "时间节点"),
    Col("planned_end", "计划竣工投产时间", "时间节点"),
    Col("actual_end", "实际竣工时间", "时间节点"),
    Col("stage", "建设阶段"),
    Col("image", "形象进度"),
    Col("issues", "存在问题"),
    Col("unit", "责任单位"),
    Col("leader", "牵头县级领导"),
    Col("butler", "项目管家"),
    Col("police", "项目警官"),
    Col("inspector", "纪检监察员"),
]


def build_table(
    sections: list[tuple[str | None, list[dict]]],
    *,
    columns: list[Col] = MESSY_COLUMNS,
    title: str | None = "示范县2023年重点项目调度表",
    as_of_line: str | None = "截至2023年9月20日",
    totals: bool = True,
    two_rows: bool = True,
    sheet_title: str = "调度表",
    extra_sheets: int = 0,
) -> bytes:
    """An .xlsx of `sections` — (section title or None, rows as {column key: cell value}) — in a messy layout."""
    wb = Workbook()
    ws = wb.active
    ws.title = sheet_title
    width = len(columns)
    row = 1
    for line in (title, as_of_line):
        if line is not None:
            ws.cell(row, 1, line)
            ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
            row += 1
    header_row = row
    if two_rows:
        for index, col in enumerate(columns, start=1):
            if col.group:
                ws.cell(header_row + 1, index, col.child)
            else:
                ws.cell(header_row, index, col.child)
                ws.merge_cells(start_row=header_row, start_column=index, end_row=header_row + 1, end_column=index)
        groups: dict[str, list[int]] = {}
        for index, col in enumerate(columns, start=1):
            if col.group:
                groups.setdefault(col.group, []).append(index)
        for group, indexes in groups.items():
            ws.cell(header_row, indexes[0], group)
            ws.merge_cells(start_row=header_row, start_column=indexes[0], end_row=header_row,
                           end_column=indexes[-1])
        row = header_row + 2
    else:
        for index, col in enumerate(columns, start=1):
            ws.cell(header_row, index, col.child)
        row = header_row + 1
    keys = [col.key for col in columns]
    seq = 0
    for section, items in sections:
        if section is not None:
            ws.cell(row, 1, section)
            ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
            row += 1
        for item in items:
            seq += 1
            if "seq" in keys:
                ws.cell(row, keys.index("seq") + 1, seq)
            for key, value in item.items():
                if key in keys:
                    ws.cell(row, keys.index(key) + 1, value)
            row += 1
        if totals and section is not None:
            ws.cell(row, 1, "小计")  # in 序号, as many tables write it
            if "total" in keys:
                ws.cell(row, keys.index("total") + 1, 99999)
            row += 1
    if totals:
        ws.cell(row, keys.index("name") + 1 if "name" in keys else 1, "合  计")
        if "total" in keys:
            ws.cell(row, keys.index("total") + 1, 99999)
        row += 1
        ws.cell(row + 1, 1, "填表人：王五    联系电话：12345678")
    for index in range(extra_sheets):
        wb.create_sheet(f"说明{index + 1}").cell(1, 1, "填表说明：本表金额单位为万元")
    return save(wb)


def save(wb: Workbook) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def messy_rows() -> list[tuple[str | None, list[dict]]]:
    """Three projects in two sections, with every kind of date, unit and synonym the parser must read."""
    return [
        ("一、工业项目", [
            {
                "code": "GY-001", "name": "年产10万吨新材料项目", "owner": "示范新材料有限公司",
                "content": "建设厂房5万平方米", "level": "省重点", "chain": "新材料产业链", "location": "示范经开区",
                "total": 1.25, "plan": "3000.5", "ytd": 2100, "cumulative": "4500",
                "plan_kind": "续建", "funding": "企业自筹", "priority": "一类",
                "planned_start": datetime.datetime(2023, 3, 15), "actual_start": "2023.3.20",
                "planned_end": "2024年6月", "actual_end": None,
                "stage": "已开工", "image": "主体完工80%", "issues": "用电指标不足",
                "unit": "县工业和信息化局", "leader": "李  四", "butler": "王管家", "police": "赵警官",
                "inspector": "钱纪检",
            },
            {
                "code": None, "name": "智能装备产业园项目", "owner": "示范智能装备有限公司",
                "level": "市重点", "location": "城关镇",
                "total": "0.8", "plan": 2000, "ytd": "1,200.50", "cumulative": None,
                "plan_kind": "新开工", "funding": "银行贷款", "priority": 2,
                "planned_start": "2023年4月", "actual_start": 45047,
                "planned_end": "2024/12/31", "stage": "落地开工",
                "unit": "县工业和信息化局", "leader": "李四",
            },
        ]),
        ("二、基础设施项目", [
            {
                "code": "JC-001", "name": "县城环线公路二期", "owner": "示范城投集团有限公司",
                "level": "县重点", "location": "示范县高新区",
                "total": 2, "plan": 5000, "ytd": 0,
                "plan_kind": "竣工投产", "funding": "专项债", "priority": "第三类",
                "planned_start": "2022-03-01", "actual_start": "2022年3月5日",
                "planned_end": "2023.12", "actual_end": None, "stage": "在建",
                "unit": "县交通运输局", "leader": "张三（常务副县长）",
            },
        ]),
    ]
