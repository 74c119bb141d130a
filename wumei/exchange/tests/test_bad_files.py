"""Files that are not a sane .xlsx get one clear Chinese error, and nothing is written. Every bad file here
is built for real: real bytes, real zips."""

import io
import zipfile

import pytest
from django.test import override_settings
from openpyxl import Workbook

from wumei.exchange import parser
from wumei.exchange.tests.workbooks import Col, build_table, messy_rows, save
from wumei.projects.models import Project

pytestmark = pytest.mark.django_db

OLE2_HEADER = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


def only_error(result) -> str:
    assert len(result.errors) == 1, result.errors
    error = result.errors[0]
    assert (error.row, error.column) == (None, "")
    assert Project.objects.count() == 0
    return error.message


def zip_of(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


@pytest.mark.parametrize("data", [
    "项目名称,总投资\n甲项目,100\n".encode(),
    b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n",
    bytes(range(256)) * 4,
], ids=["csv text", "pdf", "binary"])
def test_a_file_that_is_not_a_spreadsheet_is_refused(run_import, data):
    assert only_error(run_import(data)) == parser.NOT_A_SPREADSHEET


def test_an_old_xls_file_is_asked_to_be_saved_as_xlsx(run_import):
    message = only_error(run_import(OLE2_HEADER))
    assert "另存为" in message and ".xlsx" in message


def test_a_file_named_xls_that_is_not_a_zip_is_treated_as_an_old_xls(run_import):
    message = only_error(run_import(b"\x09\x08\x10\x00\x00\x06\x05\x00", filename="调度表.xls"))
    assert message == parser.OLD_XLS


def test_a_zip_that_is_not_a_workbook_is_refused(run_import):
    data = zip_of({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
    assert only_error(run_import(data)) == parser.NOT_A_SPREADSHEET


def test_a_truncated_workbook_is_refused(run_import):
    data = build_table(messy_rows())
    assert only_error(run_import(data[: len(data) // 2])) == parser.NOT_A_SPREADSHEET


def test_a_workbook_with_a_broken_inside_is_refused(run_import):
    data = zip_of({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"not xml at all"})
    assert only_error(run_import(data)) == parser.NOT_A_SPREADSHEET


def test_an_empty_file_is_refused(run_import):
    assert only_error(run_import(b"")) == "文件是空的"


def test_an_empty_workbook_is_refused(run_import):
    wb = Workbook()
    wb.create_sheet("Sheet2")
    assert only_error(run_import(save(wb))) == "表格是空的：工作表中没有任何数据"


def test_a_sheet_without_a_recognisable_header_is_refused(run_import):
    wb = Workbook()
    wb.active.append(["编号说明", "金额"])
    wb.active.append(["甲", 100])
    assert only_error(run_import(save(wb))) == "未找到表头：至少需要「项目名称」列"


@override_settings(IMPORT_MAX_ROWS=5)
def test_a_table_over_the_row_limit_is_refused(run_import):
    columns = [Col("name", "项目名称"), Col("total", "总投资")]
    six = [(None, [{"name": f"项目{i}", "total": 1} for i in range(6)])]
    five = [(None, [{"name": f"项目{i}", "total": 1} for i in range(5)])]

    message = only_error(run_import(build_table(six, columns=columns, totals=False)))
    assert message == "表格行数过多：超过 5 行的上限，请分批导入"
    assert run_import(build_table(five, columns=columns, totals=False)).created == 5


@override_settings(IMPORT_MAX_BYTES=1000)
def test_a_file_over_the_size_limit_is_refused(run_import):
    data = build_table(messy_rows())
    assert len(data) > 1000
    assert only_error(run_import(data)).startswith("文件过大：")


def test_a_zip_bomb_is_refused_from_its_declared_sizes(run_import):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        archive.writestr("xl/workbook.xml", b"<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as member:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(64):  # 64 MB of zeros
                member.write(chunk)
    data = buffer.getvalue()
    assert len(data) < 200 * 1024  # a small upload …

    message = only_error(run_import(data))  # … that would inflate 300-fold and more
    assert message == "文件解压后体积异常（疑似压缩炸弹），已拒绝导入"


@override_settings(IMPORT_MAX_BYTES=100_000)
def test_many_small_members_that_inflate_too_far_together_are_refused(run_import):
    members = {"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"}
    members.update({f"xl/media/image{i}.bin": b"\0" * 1_000_000 for i in range(4)})  # under the ratio check
    data = zip_of(members)
    assert len(data) < 100_000

    assert only_error(run_import(data)) == "文件解压后体积过大（疑似压缩炸弹），已拒绝导入"


def test_check_file_passes_a_real_workbook():
    parser.check_file(build_table(messy_rows()), "调度表.xlsx", max_bytes=20 * 1024 * 1024)
