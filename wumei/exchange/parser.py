"""Reading a county's key-project table (重点项目调度表) into plain rows. Pure: no database.

The steps, each a function tested on its own:

1. `check_file` refuses what is not a sane .xlsx before openpyxl opens it: too many bytes, an old .xls,
   not a zip, a zip bomb (declared sizes and compression ratios, read with `zipfile`).
2. `read_workbook` streams the first worksheet that has a recognisable header (openpyxl read-only mode, so
   50,000 rows stay cheap) and keeps the sheet's merged ranges, which read-only mode would drop.
3. `find_header` scores the first rows against the known column names (`COLUMN_PATTERNS`), as one header
   row or two (a merged group such as "投资情况（万元）" above "总投资" / "年度计划投资").
4. `parse_sheet` turns every row below the header into typed values — text, exact 万元 `Decimal`, dates,
   choices — following section rows ("一、工业项目", "（一）省重点项目"), skipping blank and total rows, and
   collecting every error with its Excel row and column instead of stopping at the first.

References (units, people, chains) stay names here; the services resolve them.
"""

from __future__ import annotations

import calendar
import datetime
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal

from wumei.core.money import MoneyError, parse_wan
from wumei.projects.models import Category, FundingSource, Level, PlanKind, Stage

HEADER_SCAN_ROWS = 30  # the header lies within the sheet's first rows
MAX_COLUMNS = 200  # columns beyond this are ignored (a table has about thirty)
# Zip-bomb limits: what the archive declares it will inflate to, checked before anything is inflated
# (zipfile never inflates a member past its declared size). An .xlsx inflates 5–20×.
UNCOMPRESSED_PER_BYTE_ALLOWED = 25  # × the upload limit: 20 MB → 500 MB of XML at most
MAX_COMPRESSION_RATIO = 200  # real sheets compress 5–30×; a run of zeros compresses 1000×
RATIO_CHECK_FROM_BYTES = 1024 * 1024  # small members may compress very well, harmlessly
MAX_ZIP_MEMBERS = 10_000

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls, and password-protected .xlsx


class FileError(Exception):
    """The file as a whole cannot be read; the message is shown to the user as it is."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class RowError:
    """One problem in one cell: its Excel row number and its column's header text."""

    row: int | None
    column: str
    message: str

    def __str__(self) -> str:
        if self.row is None:
            return f"「{self.column}」：{self.message}" if self.column else self.message
        return f"第{self.row}行「{self.column}」：{self.message}"

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "message": self.message}


# ---------------------------------------------------------------------------------------------------------
# Columns
# ---------------------------------------------------------------------------------------------------------

MONEY_FIELDS = {"total_investment", "plan_investment", "year_investment", "cumulative_investment"}
START_DATE_FIELDS = {"planned_start_on", "actual_start_on"}
END_DATE_FIELDS = {"planned_completion_on", "actual_completion_on"}
DATE_FIELDS = START_DATE_FIELDS | END_DATE_FIELDS
PERSON_FIELDS = {"lead_leader", "butler", "police", "inspector"}
UNIT_FIELDS = {"owner", "responsible_unit", "location", "park", "town"}
CHOICE_FIELDS = {"category", "level", "stage", "plan_kind", "funding_source", "funding_priority"}
PROGRESS_FIELDS = {"year_investment", "cumulative_investment", "image_progress", "issues"}
PLAN_FIELDS = {"plan_investment", "plan_kind"}
IGNORED_FIELDS = {"seq", "remark"}
# Vertically merged cells of these columns (one 责任单位 for three projects) are filled down; money, names
# and codes never are: a merged total investment would be counted twice.
FILL_DOWN_FIELDS = PERSON_FIELDS | UNIT_FIELDS | DATE_FIELDS | CHOICE_FIELDS | {"chain"}

_MONTHS = "一二三四五六七八九十"
_DASH = "[-~—－–至到]"

# Field → patterns, matched in full against a normalised header text (see `normalise_header`). Order
# matters: the first field whose pattern matches wins ("计划总投资" is the total, not the annual plan).
COLUMN_PATTERNS: list[tuple[str, str]] = [
    ("seq", r"序号|序"),
    ("code", r"项目(编号|代码|编码)|(统一)?项目代码|编号|代码"),
    ("name", r"项目名称|名称|项目"),
    ("content", r"(主要)?建设(内容|规模)(及|和|与)?(规模|内容)?|项目(概况|简介)"),
    ("category", r"项目(类别|分类)|类别|行业类别"),
    ("level", r"项目(级别|层级)|级别|重点级别"),
    ("chain", r"(所属)?产业链(条)?"),
    ("location", r"(所在|所属)?(园区乡镇|乡镇园区|园区或乡镇|乡镇或园区)|(项目|建设)(地点|所在地)|所在地"),
    ("park", r"(所在|所属)?园区"),
    ("town", r"(所在|所属)?乡镇(街道)?"),
    ("owner", r"(项目)?业主(单位)?(名称)?|(项目)?建设单位|项目单位|实施(主体|单位)|企业名称"),
    ("responsible_unit", r"(项目|县直)?责任单位|牵头单位"),
    ("lead_leader", r"牵头(县级)?(县)?领导|(县级)?联系(县)?领导|责任领导|联点领导"),
    ("butler", r"(项目)?管家"),
    ("police", r"(项目)?警官"),
    ("inspector", r"(项目)?纪检(监察)?(员|干部)"),
    ("total_investment", r"(项目|计划)?总投资(额)?"),
    ("plan_investment", r"(\d{4}年|本年|今年|本年度)?(年度)?计划(完成)?投资(额)?"),
    ("plan_kind", r"(年度)?计划(类型|类别|性质)|建设性质|项目性质"),
    ("funding_source", r"资金(来源|渠道|筹措)|筹资方式"),
    ("funding_priority", r"(资金)?保障(类别|类型|等级|分类)|轻重缓急"),
    ("actual_start_on", r"实际开工(时间|日期)?|开工(时间|日期)实际"),
    ("planned_start_on", r"(计划)?开工(时间|日期)|开工(时间|日期)计划|计划开工"),
    ("actual_completion_on", r"实际(竣工|投产|竣工投产|完工)(时间|日期)?|(竣工|投产|竣工投产|完工)(时间|日期)实际"),
    ("planned_completion_on",
     r"计划(竣工|投产|竣工投产|完工)(时间|日期)?|(竣工|投产|竣工投产|完工)(时间|日期)(计划)?"),
    ("stage", r"(项目|建设|所处|当前)?阶段"),
    ("year_investment",
     rf"(\d{{4}}年)?((1|一){_DASH}(\d{{1,2}}|[{_MONTHS}]{{1,2}})|1|一)月份?(累计)?完成(投资)?(额)?"
     r"|(\d{4}年|本年|今年|本年度|年度)(累计)?完成投资(额)?"),
    ("cumulative_investment", r"(开工以来|自开工|历年)?累计(完成)?投资(额)?"),
    ("image_progress", r"(工程)?形象进度|(项目)?进展情况|建设进度|项目进展"),
    ("issues", r"存在(的)?(问题|困难)(和|及|与)?(困难|问题|建议)?|(需|需要)协调(解决)?的?问题|问题及建议"),
    ("work_plan", r"工作方案"),
    ("remark", r"备注"),
]
_COMPILED = [(name, re.compile(pattern)) for name, pattern in COLUMN_PATTERNS]

# How each field is named in the exported table and in errors about a column the file lacks.
FIELD_LABELS = {
    "seq": "序号", "code": "项目编号", "name": "项目名称", "content": "建设内容及规模", "category": "项目类别",
    "level": "项目级别", "chain": "产业链", "location": "所在园区（乡镇）", "park": "所在园区", "town": "所在乡镇",
    "owner": "项目业主", "responsible_unit": "责任单位", "lead_leader": "牵头领导", "butler": "项目管家",
    "police": "项目警官", "inspector": "纪检监察员", "total_investment": "总投资",
    "plan_investment": "年度计划投资", "plan_kind": "计划类型", "funding_source": "资金来源",
    "funding_priority": "保障类别", "planned_start_on": "计划开工时间", "actual_start_on": "实际开工时间",
    "planned_completion_on": "计划竣工投产时间", "actual_completion_on": "实际竣工投产时间", "stage": "项目阶段",
    "year_investment": "本年完成投资", "cumulative_investment": "累计完成投资", "image_progress": "形象进度",
    "issues": "存在问题", "work_plan": "工作方案", "remark": "备注",
}

_UNIT_RE = re.compile(r"[(\[【/]?(亿元|万元|元)[)\]】]?")
_UNIT_DISPLAY_RE = re.compile(r"[(（\[【/／]?(亿元|万元|元)[)）\]】]?")
_PUNCT_RE = re.compile(r"[()\[\]【】<>《》:、/\\|\-—*＊※.]")


def _nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def normalise_header(text: object) -> tuple[str, str | None]:
    """(comparable text, money unit) of a header cell: "总投资（亿元）" → ("总投资", "亿元")."""
    if text is None:
        return "", None
    raw = re.sub(r"\s+", "", _nfkc(str(text)))
    units = _UNIT_RE.findall(raw)
    unit = units[-1] if units else None
    cleaned = _UNIT_RE.sub("", raw)
    # Keep "1-9月" intact; other punctuation only separates words ("开工时间（计划）" → "开工时间计划").
    cleaned = re.sub(r"(?<=[\d一二三四五六七八九十])[-~—–―至到](?=[\d一二三四五六七八九十])", "~", cleaned)
    cleaned = _PUNCT_RE.sub("", cleaned).replace("~", "-")
    return cleaned, unit


def match_field(text: str) -> str | None:
    """The field a normalised header text names, or None."""
    if not text:
        return None
    for name, pattern in _COMPILED:
        if pattern.fullmatch(text):
            return name
    return None


@dataclass(frozen=True)
class Column:
    """A recognised column: its field, 0-based index, header text as written, money unit and header year."""

    field: str
    index: int
    header: str
    unit: str | None = None  # None: the table's unit ("单位：万元" above the header), else 万元
    year: int | None = None


@dataclass
class Header:
    row: int  # Excel row number of the header's first row
    height: int  # 1 or 2 rows
    columns: dict[str, Column]

    @property
    def first_data_row(self) -> int:
        return self.row + self.height


def _display(text: object) -> str:
    return re.sub(r"\s+", "", str(text)) if text is not None else ""


def _match_column(parent: object, child: object) -> tuple[str | None, str, str | None]:
    """(field, display header, unit) of one column under a parent header cell (parent may be None)."""
    p_text, p_unit = normalise_header(parent)
    c_text, c_unit = normalise_header(child)
    unit = c_unit or p_unit
    candidates = []
    if p_text and c_text:
        candidates += [(p_text + c_text, _display(parent) + _display(child)),
                       (c_text + p_text, _display(child) + _display(parent))]
    if c_text:
        candidates.append((c_text, _display(child)))
    if p_text:
        candidates.append((p_text, _display(parent)))
    for text, display in candidates:
        name = match_field(text)
        if name:
            # Errors name the column as its header reads ("总投资"), without the unit's brackets.
            label = _UNIT_DISPLAY_RE.sub("", display) or display
            return name, label, unit
    return None, "", unit


def _header_year(parent: object, child: object) -> int | None:
    found = re.search(r"(\d{4})年", _nfkc(f"{parent or ''}{child or ''}"))
    return int(found.group(1)) if found else None


def _columns_of(parent_row: list, child_row: list | None) -> dict[str, Column]:
    width = max(len(parent_row), len(child_row or []))
    columns: dict[str, Column] = {}
    for index in range(width):
        parent = parent_row[index] if index < len(parent_row) else None
        child = child_row[index] if child_row is not None and index < len(child_row) else None
        if child_row is not None and child == parent:
            child = None  # a vertically merged single header, filled into both rows
        name, label, unit = _match_column(parent, child)
        if name and name not in columns:
            columns[name] = Column(name, index, label, unit, _header_year(parent, child))
    return columns


def _fill_group_parents(parent_row: list, child_row: list) -> list:
    """Spread a group header over its children when the sheet had no merge ranges to tell us."""
    filled = list(parent_row) + [None] * max(0, len(child_row) - len(parent_row))
    current = None
    for index, value in enumerate(filled):
        child = child_row[index] if index < len(child_row) else None
        if value not in (None, ""):
            current = value if child not in (None, "") else None
        elif child not in (None, "") and current is not None:
            filled[index] = current
        else:
            current = None
    return filled


def _score(columns: dict[str, Column]) -> int:
    return len(set(columns) - IGNORED_FIELDS)


def find_header(rows: list[tuple[int, list]]) -> Header | None:
    """The best-scoring header among the first rows, as one row or two; it must have 项目名称.

    `rows` are (Excel row number, values) as stored, merged ranges not filled. A two-row header wins only
    when each row adds columns to the other, so neither a title above nor the first data row below is
    taken for part of the header.
    """
    best: Header | None = None
    best_score = 0
    head = rows[:HEADER_SCAN_ROWS]
    for position, (number, values) in enumerate(head):
        single = _columns_of(values, None)
        candidates = [(Header(number, 1, single), _score(single))]
        if position + 1 < len(head) and head[position + 1][0] == number + 1:
            child = head[position + 1][1]
            double = _columns_of(_fill_group_parents(values, child), child)
            # Two rows only when both add columns: not a title over the header, nor the header over data.
            if _score(double) > max(_score(single), _score(_columns_of(child, None))):
                candidates.append((Header(number, 2, double), _score(double)))
        for header, score in candidates:
            if "name" in header.columns and score > best_score:
                best, best_score = header, score
    return best


# ---------------------------------------------------------------------------------------------------------
# Values
# ---------------------------------------------------------------------------------------------------------

BLANKS = {"", "-", "—", "——", "--", "/", "／", "无", "暂无", "null", "None"}
EXCEL_SERIAL_RANGE = (20_000, 80_000)  # 1954 … 2119: what a key project's date can be

_DATE_PATTERNS = [
    re.compile(r"(?P<y>\d{4})\s*[-/.]\s*(?P<m>\d{1,2})\s*[-/.]\s*(?P<d>\d{1,2})(\s+\d{1,2}:\d{2}(:\d{2})?)?"),
    re.compile(r"(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*[日号]?"),
    re.compile(r"(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})"),
    re.compile(r"(?P<y>\d{4})\s*[-/.]\s*(?P<m>\d{1,2})"),
    re.compile(r"(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月份?"),
]


class ValueProblem(ValueError):
    """A cell value that cannot be read; the message is the part after 「列」：."""


def is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and value.strip() in BLANKS)


def parse_date(raw: object, *, end_of_month: bool = False) -> datetime.date | None:
    """A date written any way county tables write it.

    Accepted: Excel date cells; Excel serial numbers (45000 → 2023-03-15); 2023-03-15, 2023/3/15, 2023.03.15,
    2023年3月15日, 20230315; and month-only 2023-03, 2023/3, 2023.3, 2023年3月.

    A month-only value means "during that month": as a start date it becomes the month's first day, as a
    completion date (`end_of_month=True`) its last day, so that a project planned to start "2023年3月" is
    not overdue before April and one planned to finish "2023年12月" is not late until the year is out.

    A number cell 2023.1 is January: Excel stores "2023.10" typed into a number cell as 2023.1, and nothing
    in the file tells them apart; write such dates as text or as real dates.
    """
    if is_blank(raw):
        return None
    if isinstance(raw, datetime.datetime):
        return raw.date()
    if isinstance(raw, datetime.date):
        return raw
    if isinstance(raw, bool):
        raise ValueProblem(f"无法识别的日期 \"{raw}\"")
    if isinstance(raw, int | float) and EXCEL_SERIAL_RANGE[0] <= raw <= EXCEL_SERIAL_RANGE[1]:
        return datetime.date(1899, 12, 30) + datetime.timedelta(days=int(raw))
    text = _nfkc(repr(raw) if isinstance(raw, float) else str(raw)).strip()
    for pattern in _DATE_PATTERNS:
        found = pattern.fullmatch(text)
        if not found:
            continue
        year, month = int(found.group("y")), int(found.group("m"))
        day = found.groupdict().get("d")
        try:
            if day is not None:
                return datetime.date(year, month, int(day))
            last = calendar.monthrange(year, month)[1] if 1 <= month <= 12 else 0
            return datetime.date(year, month, last if end_of_month else 1)
        except ValueError:
            break
    raise ValueProblem(f"无法识别的日期 \"{raw}\"")


def parse_money(raw: object, unit: str = "万元") -> Decimal | None:
    """An amount in the column's unit (万元 / 亿元 / 元) as exact 万元; a unit written in the cell wins."""
    if is_blank(raw):
        return None
    if isinstance(raw, bool | datetime.date):
        raise ValueProblem(f"无法识别的金额 \"{raw}\"")
    try:
        value = parse_wan(raw, unit)
    except MoneyError as exc:
        raise ValueProblem(str(exc)) from exc
    if value is not None and value < 0:
        raise ValueProblem(f"金额不能为负数 \"{raw}\"")
    return value


def parse_text(raw: object) -> str:
    """Cell text; numbers without a spurious ".0" (a code typed as 2023001 stays "2023001")."""
    if raw is None:
        return ""
    if isinstance(raw, float) and raw.is_integer():  # not int(raw) == raw: inf and nan have no int
        raw = int(raw)
    if isinstance(raw, datetime.datetime):
        raw = raw.date()
    if isinstance(raw, datetime.date):
        return raw.isoformat()
    return str(raw).strip()


def parse_name(raw: object) -> str:
    """A unit's or person's name: whitespace removed ("张  三" is how tables pad two-character names), a
    title in brackets dropped ("张三（常务副县长）"), and only the first of several ("张三、李四")."""
    text = "".join(_nfkc(parse_text(raw)).split())
    if text in BLANKS:
        return ""
    text = re.split(r"[、,;；/]", text)[0]
    return re.sub(r"\(.*?\)$", "", text) or text


def _choices(pairs: dict[str, list[str]]) -> dict[str, str]:
    return {_choice_key(word): value for value, words in pairs.items() for word in words}


def _choice_key(text: str) -> str:
    return "".join(_nfkc(text).split()).replace("／", "/")


CATEGORY_WORDS = _choices({
    Category.INDUSTRIAL: [Category.INDUSTRIAL.label, "工业", "工业类", "产业项目", "产业"],
    Category.INFRASTRUCTURE: [Category.INFRASTRUCTURE.label, "基础设施", "基础设施类", "基础设施建设项目", "基建"],
    Category.SOCIAL: [Category.SOCIAL.label, "社会民生", "民生", "民生项目", "社会事业", "社会事业项目"],
    Category.AGRICULTURE: [Category.AGRICULTURE.label, "农业农村", "农业", "农业项目", "乡村振兴", "乡村振兴项目"],
    Category.SERVICE: [Category.SERVICE.label, "现代服务业", "服务业", "服务业项目", "文旅", "文旅项目"],
    Category.ECOLOGY: [Category.ECOLOGY.label, "生态环保", "生态", "环保", "生态环境项目", "生态环境"],
})
LEVEL_WORDS = _choices({
    Level.PROVINCIAL: [Level.PROVINCIAL.label, "省级重点", "省级", "省", "省重点项目", "省级重点项目"],
    Level.MUNICIPAL: [Level.MUNICIPAL.label, "市级重点", "市级", "市", "市重点项目", "市级重点项目"],
    Level.COUNTY: [Level.COUNTY.label, "县级重点", "县级", "县", "县重点项目", "县级重点项目"],
})
# 已开工 is the 落地开工 stage; 已竣工 / 已投产 the last one; 前期 (preparatory work before anything is signed)
# is the first, 策划包装.
STAGE_WORDS = _choices({
    Stage.PLANNING: [Stage.PLANNING.label, "策划", "包装", "谋划", "前期", "前期工作", "前期阶段"],
    Stage.PRE_REVIEW: [Stage.PRE_REVIEW.label, "预审", "招商", "招商洽谈"],
    Stage.SIGNING: [Stage.SIGNING.label, "签约", "已签约", "谈判"],
    Stage.SITING: [Stage.SITING.label, "选址", "规划", "规划选址中"],
    Stage.STARTED: [Stage.STARTED.label, "已开工", "开工", "在建", "建设中", "施工中", "开工建设"],
    Stage.ASSESSMENT: [Stage.ASSESSMENT.label, "履约", "评估", "履约评估中"],
    Stage.OPERATING: [Stage.OPERATING.label, "已竣工", "已投产", "竣工", "投产", "竣工投产", "运营", "已完工", "完工"],
})
PLAN_KIND_WORDS = _choices({
    PlanKind.CONTINUING: [PlanKind.CONTINUING.label, "续建项目"],
    PlanKind.NEW_START: [PlanKind.NEW_START.label, "新开工项目", "新建", "新开"],
    PlanKind.COMPLETING: [PlanKind.COMPLETING.label, "竣工投产项目", "竣工", "投产", "竣工项目"],
    PlanKind.PREPARATORY: [PlanKind.PREPARATORY.label, "预备", "前期", "预备项目", "前期项目", "预备类", "前期类"],
})
FUNDING_WORDS = _choices({
    FundingSource.CENTRAL_BUDGET: [FundingSource.CENTRAL_BUDGET.label, "中央预算内", "中央预算内资金", "中央资金"],
    FundingSource.SPECIAL_BOND: [FundingSource.SPECIAL_BOND.label, "专项债", "专项债券", "地方专项债",
                                 "政府专项债券"],
    FundingSource.FISCAL: [FundingSource.FISCAL.label, "财政资金", "财政", "地方财政", "财政投资"],
    FundingSource.ENTERPRISE: [FundingSource.ENTERPRISE.label, "自筹", "企业自筹资金", "自有资金", "企业投资"],
    FundingSource.LOAN: [FundingSource.LOAN.label, "贷款", "银行贷款资金", "银行融资"],
    FundingSource.MIXED: [FundingSource.MIXED.label, "多渠道", "多渠道筹资", "混合"],
})
PRIORITY_LABELS = {1: "一类", 2: "二类", 3: "三类", 4: "四类"}
PRIORITY_WORDS = {
    _choice_key(word): number
    for number, chinese, roman in ((1, "一", "Ⅰ"), (2, "二", "Ⅱ"), (3, "三", "Ⅲ"), (4, "四", "Ⅳ"))
    for word in (str(number), f"{number}类", chinese, f"{chinese}类", f"第{chinese}类", f"{roman}类", roman,
                 f"第{number}类")
}
CHOICE_TABLES: dict[str, tuple[dict, str]] = {
    "category": (CATEGORY_WORDS, "项目类别"),
    "level": (LEVEL_WORDS, "项目级别"),
    "stage": (STAGE_WORDS, "项目阶段"),
    "plan_kind": (PLAN_KIND_WORDS, "计划类型"),
    "funding_source": (FUNDING_WORDS, "资金来源"),
    "funding_priority": (PRIORITY_WORDS, "保障类别"),
}


def parse_choice(name: str, raw: object) -> str | int | None:
    """One of a choice field's values, from its label or a synonym ("已开工" → started)."""
    if is_blank(raw):
        return None
    table, label = CHOICE_TABLES[name]
    text = _choice_key(parse_text(raw))
    if text in table:
        return table[text]
    raise ValueProblem(f"无法识别的{label} \"{parse_text(raw)}\"")


PARK_SUFFIXES = ("园区", "开发区", "经开区", "产业园", "高新区", "工业园", "工业集中区", "示范区")


def is_park_name(name: str) -> bool:
    """A place named like a park (…园区, …开发区, …经开区, …产业园) is a park; any other is a town."""
    return name.endswith(PARK_SUFFIXES)


# ---------------------------------------------------------------------------------------------------------
# Rows
# ---------------------------------------------------------------------------------------------------------

_SECTION_1 = re.compile(r"^[一二三四五六七八九十百]+\s*[、.．,，]\s*(?P<title>.+)$")
_SECTION_2 = re.compile(r"^[(（]\s*[一二三四五六七八九十百]+\s*[)）]\s*[、.．]?\s*(?P<title>.+)$")
_NUMERAL = re.compile(r"[一二三四五六七八九十]+|[(（][一二三四五六七八九十]+[)）]")
_NOTE = re.compile(r"^(填表人|填报人|审核人|填报单位|制表人|制表|联系人|联系电话|单位负责人|注|备注|说明)\s*[:：]")
_TOTAL = re.compile(r"^.{0,8}?(合计|小计|总计|共计)([(（:：\d].*)?$")
_AS_OF = re.compile(r"截[至止](日期)?[:：]?\s*(?P<date>\d{4}\s*[年./-]\s*\d{1,2}\s*[月./-]?\s*(\d{1,2}\s*[日号]?)?)")


def section_facts(title: str) -> dict[str, str]:
    """What a section title says about the rows under it: category, level, plan kind (each if named)."""
    text = _choice_key(re.sub(r"[(（].*?[)）]", "", title))
    facts: dict[str, str] = {}
    for words, name in ((CATEGORY_WORDS, "category"), (LEVEL_WORDS, "level"), (PLAN_KIND_WORDS, "plan_kind")):
        for word in sorted(words, key=len, reverse=True):
            if len(word) >= 2 and word in text:
                facts[name] = words[word]
                break
    return facts


def find_as_of(rows: list[tuple[int, list]]) -> datetime.date | None:
    """The date of a "截至2023年9月20日" line (or of the title) above the header; month only → its last day."""
    for _number, values in rows:
        for value in values:
            if not isinstance(value, str):
                continue
            found = _AS_OF.search(_nfkc(value).replace(" ", ""))
            if found:
                try:
                    return parse_date(found.group("date").rstrip("日号"), end_of_month=True)
                except ValueProblem:
                    continue
    return None


_TABLE_UNIT = re.compile(r"单位[:：]\s*(亿元|万元|元)")


def find_table_unit(rows: list[tuple[int, list]]) -> str:
    """The unit of money columns whose header names none: "单位：亿元" above the header, else 万元."""
    for _number, values in rows:
        for value in values:
            if isinstance(value, str):
                found = _TABLE_UNIT.search(_nfkc(value).replace(" ", ""))
                if found:
                    return found.group(1)
    return "万元"


@dataclass
class ParsedRow:
    """One project row: the Excel row number and its typed values by field (only the file's columns)."""

    row: int
    values: dict[str, object]
    section: dict[str, str] = field(default_factory=dict)
    unreadable: set[str] = field(default_factory=set)  # fields whose cell could not be read


@dataclass
class ParsedSheet:
    header: Header
    rows: list[ParsedRow]
    errors: list[RowError]
    as_of: datetime.date | None
    sheet_title: str = ""

    @property
    def columns(self) -> dict[str, Column]:
        return self.header.columns

    @property
    def header_year(self) -> int | None:
        for name in ("plan_investment", "year_investment"):
            column = self.columns.get(name)
            if column and column.year:
                return column.year
        return None

    def label(self, name: str) -> str:
        """The header text of a field's column, or its usual name when the file has no such column."""
        column = self.columns.get(name)
        return column.header if column else FIELD_LABELS.get(name, name)


def _cell(values: list, index: int) -> object:
    value = values[index] if index < len(values) else None
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def _compact(value: object) -> str:
    return "".join(_nfkc(str(value)).split())


def _first_texts(values: list, count: int = 3) -> list[str]:
    texts = []
    for value in values:
        if value is None or value == "":
            continue
        texts.append(_nfkc(str(value)).strip())
        if len(texts) == count:
            break
    return texts


def convert(name: str, raw: object, column: Column, table_unit: str = "万元") -> object:
    """One cell's typed value for field `name`; raises ValueProblem."""
    if name in MONEY_FIELDS:
        return parse_money(raw, column.unit or table_unit)
    if name in DATE_FIELDS:
        return parse_date(raw, end_of_month=name in END_DATE_FIELDS)
    if name in CHOICE_FIELDS:
        return parse_choice(name, raw)
    if name in PERSON_FIELDS or name in UNIT_FIELDS or name == "chain":
        return parse_name(raw)
    text = parse_text(raw)
    return "" if text in BLANKS and name in {"code", "name"} else text


def parse_rows(rows: list[tuple[int, list]], header: Header,
               table_unit: str = "万元") -> tuple[list[ParsedRow], list[RowError]]:
    """Typed project rows below the header, with every cell error; section and total rows applied/skipped."""
    columns = {name: col for name, col in header.columns.items() if name not in IGNORED_FIELDS}
    parsed: list[ParsedRow] = []
    errors: list[RowError] = []
    level1: dict[str, str] = {}
    level2: dict[str, str] = {}
    for number, values in rows:
        if number < header.first_data_row:
            continue
        texts = _first_texts(values)
        if not texts:
            continue
        if _NOTE.match(texts[0]):
            continue
        name_cell = _cell(values, columns["name"].index)
        if (name_cell is None or _TOTAL.match(_compact(name_cell))) and any(_TOTAL.match(_compact(t)) for t in texts):
            continue
        code = _cell(values, columns["code"].index) if "code" in columns else None
        lead = texts[0]
        if len(texts) > 1 and _NUMERAL.fullmatch(lead):  # "一" in 序号, "工业项目" in 项目名称
            lead = f"{lead}、{texts[1]}" if lead[0] not in "(（" else f"{lead}{texts[1]}"
        section = None if code else (_SECTION_1.match(lead) or _SECTION_2.match(lead))
        if section:
            facts = section_facts(section.group("title"))
            if section.re is _SECTION_1:
                level1, level2 = facts, {}
            else:
                level2 = facts
            continue
        row = ParsedRow(number, {}, {**level1, **level2})
        for name, column in columns.items():
            try:
                row.values[name] = convert(name, _cell(values, column.index), column, table_unit)
            except ValueProblem as exc:
                errors.append(RowError(number, column.header, str(exc)))
                row.values[name] = None
                row.unreadable.add(name)
        if not row.values.get("name") and not row.values.get("code"):
            has_data = any(row.values.get(n) is not None for n in MONEY_FIELDS | DATE_FIELDS)
            if not has_data:
                continue  # a note such as "填表人：…" under the table
            errors.append(RowError(number, header_label(header, "name"), "项目名称不能为空"))
        parsed.append(row)
    return parsed, errors


def header_label(header: Header, name: str) -> str:
    column = header.columns.get(name)
    return column.header if column else FIELD_LABELS[name]


# ---------------------------------------------------------------------------------------------------------
# The file
# ---------------------------------------------------------------------------------------------------------

NOT_A_SPREADSHEET = "文件不是有效的 Excel 表格（.xlsx），请检查后重新上传"
OLD_XLS = "这是旧版 Excel（.xls）文件或已加密的文件，无法读取：请在 Excel 中“另存为” .xlsx 格式（并取消密码）后再导入"


def size_error(size: int, max_bytes: int) -> str | None:
    """The message for a file over the size limit, or None."""
    if size <= max_bytes:
        return None
    return f"文件过大：{size / 1024 / 1024:.1f} MB，最大允许 {max_bytes / 1024 / 1024:g} MB"


def check_file(data: bytes, filename: str = "", *, max_bytes: int) -> None:
    """Refuse, before parsing, what is too big, not an .xlsx, or a zip bomb."""
    too_big = size_error(len(data), max_bytes)
    if too_big:
        raise FileError(too_big)
    if not data:
        raise FileError("文件是空的")
    if data.startswith(OLE2_MAGIC) or (filename.lower().endswith(".xls") and not data.startswith(b"PK")):
        raise FileError(OLD_XLS)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise FileError(NOT_A_SPREADSHEET) from exc
    with archive:
        members = archive.infolist()
        if len(members) > MAX_ZIP_MEMBERS:
            raise FileError("文件结构异常（压缩包内文件过多），已拒绝导入")
        total = 0
        for info in members:
            total += info.file_size
            if info.file_size >= RATIO_CHECK_FROM_BYTES and (
                info.compress_size == 0 or info.file_size / info.compress_size > MAX_COMPRESSION_RATIO
            ):
                raise FileError("文件解压后体积异常（疑似压缩炸弹），已拒绝导入")
        if total > max_bytes * UNCOMPRESSED_PER_BYTE_ALLOWED:
            raise FileError("文件解压后体积过大（疑似压缩炸弹），已拒绝导入")
        names = {info.filename for info in members}
        if "xl/workbook.xml" not in names and not any(n.endswith("workbook.xml") for n in names):
            raise FileError(NOT_A_SPREADSHEET)


@dataclass
class Sheet:
    title: str
    rows: list[tuple[int, list]]  # non-blank rows only
    merges: list[tuple[int, int, int, int]]  # (min_row, min_col, max_row, max_col), 1-based


def _open(data: bytes):
    """The workbook, read by calamine (Rust; about six times faster than openpyxl on a 20,000-row sheet)."""
    from python_calamine import CalamineWorkbook

    try:
        return CalamineWorkbook.from_filelike(io.BytesIO(data))
    except Exception as exc:  # calamine raises its own error kinds for a broken package  # noqa: BLE001
        raise FileError(NOT_A_SPREADSHEET) from exc


def _value(value):
    """A cell as the parser expects it: calamine gives every number as a float; whole numbers become int."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


def _read_sheet(wb, name: str) -> Sheet:
    """The non-blank rows (1-based numbers, values up to MAX_COLUMNS) and merged ranges of one worksheet."""
    try:
        ws = wb.get_sheet_by_name(name)
        first_row, first_col = ws.start or (0, 0)
        cells_by_row = ws.iter_rows()
        merged = ws.merged_cell_ranges or []
    except Exception as exc:  # noqa: BLE001
        raise FileError(NOT_A_SPREADSHEET) from exc
    rows: list[tuple[int, list]] = []
    for offset, cells in enumerate(cells_by_row):
        values: list = []
        for index, value in enumerate(cells):
            column = first_col + index + 1
            if column > MAX_COLUMNS:
                break
            if value is None or value == "" or (isinstance(value, str) and not value.strip()):
                continue
            if len(values) < column:
                values.extend([None] * (column - len(values)))
            values[column - 1] = _value(value)
        if values:
            rows.append((first_row + offset + 1, values))
    merges = [(r0 + 1, c0 + 1, r1 + 1, c1 + 1) for (r0, c0), (r1, c1) in merged]
    return Sheet(name, rows, merges)


def _check_row_count(rows: list[tuple[int, list]], first_data_row: int, max_rows: int) -> None:
    if sum(1 for number, _values in rows if number >= first_data_row) > max_rows:
        raise FileError(f"表格行数过多：超过 {max_rows} 行的上限，请分批导入")


def apply_merges(rows: list[tuple[int, list]], merges: list[tuple[int, int, int, int]],
                 header: Header | None) -> list[tuple[int, list]]:
    """Fill merged ranges: in the header every cell of a range; below it, vertical ranges of the columns in
    `FILL_DOWN_FIELDS` only (a section title merged across the row must stay one cell)."""
    if not merges:
        return rows
    by_number = {number: index for index, (number, _values) in enumerate(rows)}
    fill_columns = set()
    if header is not None:
        fill_columns = {col.index + 1 for name, col in header.columns.items() if name in FILL_DOWN_FIELDS}
    result = [(number, list(values)) for number, values in rows]
    for min_row, min_col, max_row, max_col in merges:
        top = by_number.get(min_row)
        if top is None or (header is None and max_row > rows[-1][0]):
            continue
        top_values = result[top][1]
        value = top_values[min_col - 1] if min_col - 1 < len(top_values) else None
        if value is None:
            continue
        in_header = header is None or max_row < header.first_data_row
        for number in range(min_row, max_row + 1):
            for column in range(min_col, min(max_col, MAX_COLUMNS) + 1):
                if (number, column) == (min_row, min_col):
                    continue
                if not in_header and (column not in fill_columns or min_col != max_col):
                    continue
                index = by_number.get(number)
                if index is None:
                    result.append((number, []))
                    index = by_number[number] = len(result) - 1
                values = result[index][1]
                if len(values) < column:
                    values.extend([None] * (column - len(values)))
                if values[column - 1] is None:
                    values[column - 1] = value
    result.sort(key=lambda item: item[0])
    return result


def _with_merges(header: Header, rows: dict[int, list], merges: list[tuple[int, int, int, int]]) -> Header:
    """The header's columns again, from its rows with merged ranges filled (the rows were chosen without:
    a merged title fills its whole row and would pass for a group header). A header whose cells are all
    merged down over two rows is two rows high, though its second row looked blank."""
    if header.height == 1 and any(m[0] == header.row and m[2] == header.row + 1 for m in merges):
        header = Header(header.row, 2, header.columns)
    parent = rows.get(header.row, [])
    if header.height == 1:
        columns = _columns_of(parent, None)
    else:
        child = rows.get(header.row + 1, [])
        columns = _columns_of(_fill_group_parents(parent, child), child)
    return Header(header.row, header.height, columns) if "name" in columns else header


def read_workbook(data: bytes, *, max_rows: int) -> ParsedSheet:
    """Parse the first worksheet with a recognisable header (visible sheets first). Raises FileError for an
    unusable file."""
    wb = _open(data)
    try:
        from python_calamine import SheetVisibleEnum

        names = [m.name for m in wb.sheets_metadata if m.visible == SheetVisibleEnum.Visible]
        names += [name for name in wb.sheet_names if name not in names]
        any_data = False
        for name in names:
            sheet = _read_sheet(wb, name)
            if not sheet.rows:
                continue
            any_data = True
            probed = find_header(sheet.rows[:HEADER_SCAN_ROWS])
            if probed is None:
                continue
            _check_row_count(sheet.rows, probed.first_data_row, max_rows)
            head = apply_merges(sheet.rows[:HEADER_SCAN_ROWS], sheet.merges, None)
            header = _with_merges(probed, dict(head), sheet.merges)
            above = [r for r in head if r[0] < header.row]
            rows = apply_merges(sheet.rows, sheet.merges, header)
            rows, errors = parse_rows(rows, header, find_table_unit(above))
            as_of = find_as_of(above)
            return ParsedSheet(header, rows, errors, as_of, name)
    finally:
        wb.close()
    if not any_data:
        raise FileError("表格是空的：工作表中没有任何数据")
    raise FileError("未找到表头：至少需要「项目名称」列")


def parse_file(data: bytes, filename: str = "", *, max_bytes: int, max_rows: int) -> ParsedSheet:
    """Check, open and parse an uploaded table."""
    check_file(data, filename, max_bytes=max_bytes)
    return read_workbook(data, max_rows=max_rows)
