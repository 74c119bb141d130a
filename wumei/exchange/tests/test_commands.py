"""`wumei import_projects` and `wumei export_projects`: exit codes, output, dry run."""

import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from wumei.exchange.tests.workbooks import build_table, messy_rows
from wumei.org.models import Unit
from wumei.projects.models import Progress, Project

pytestmark = pytest.mark.django_db


@pytest.fixture
def table(tmp_path):
    def write(rows=None, name="调度表.xlsx", **options) -> str:
        path = tmp_path / name
        path.write_bytes(build_table(rows if rows is not None else messy_rows(), **options))
        return str(path)

    return write


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def fail(*args) -> tuple[CommandError, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError) as exc:
        call_command(*args, stdout=out, stderr=err)
    return exc.value, out.getvalue(), err.getvalue()


def test_import_succeeds_into_the_home_county_with_a_chinese_summary(table, settings):
    out, _ = run("import_projects", table())

    assert "导入完成：新建 3 个项目，更新 0 个项目，0 个项目无变化。" in out
    assert "已新建 14 项：" in out and "企业「示范新材料有限公司」" in out
    assert set(Project.objects.values_list("county__code", flat=True)) == {settings.HOME_COUNTY_CODE}


def test_import_json_output_has_exactly_the_documented_shape(table, county):
    out, _ = run("import_projects", table(), "--format", "json", "--county", county.code)

    payload = json.loads(out)
    assert set(payload) == {"created", "updated", "errors", "created_references"}
    assert (payload["created"], payload["updated"], payload["errors"]) == (3, 0, [])
    assert {"kind": "企业", "name": "示范新材料有限公司"} in payload["created_references"]
    assert Project.objects.filter(county=county).count() == 3

    again = json.loads(run("import_projects", table(), "--format", "json", "--county", county.code)[0])
    assert (again["created"], again["updated"], again["created_references"]) == (0, 0, [])


def test_invalid_input_exits_with_code_one_and_lists_every_error_in_json(table, county):
    rows = messy_rows()
    rows[0][1][0]["planned_start"] = "2023年13月"
    rows[1][1][0]["unit"] = "县某某局"

    error, out, _ = fail("import_projects", table(rows), "--format", "json", "--strict", "--county", county.code)

    assert error.returncode == 1
    payload = json.loads(out)
    assert set(payload) >= {"created", "updated", "errors"}
    assert (payload["created"], payload["updated"]) == (0, 0)
    assert {"row": 6, "column": "开工时间（计划）", "message": '无法识别的日期 "2023年13月"'} in payload["errors"]
    assert {"row": 10, "column": "责任单位", "message": "单位「县某某局」不存在"} in payload["errors"]
    assert Project.objects.count() == 0


def test_invalid_input_in_text_mode_prints_each_error_and_exits_with_code_one(table, county):
    rows = messy_rows()
    rows[0][1][0]["planned_start"] = "2023年13月"

    error, _, err = fail("import_projects", table(rows), "--county", county.code)

    assert error.returncode == 1
    assert '第6行「开工时间（计划）」：无法识别的日期 "2023年13月"' in err
    assert "导入失败：共 1 处错误，未写入任何数据" in str(error)


def test_dry_run_validates_and_writes_nothing(table, county):
    out, _ = run("import_projects", table(), "--dry-run", "--county", county.code)

    assert "校验通过（仅校验，未写入任何数据）：将新建 3 个项目" in out
    assert Project.objects.count() == 0
    assert Unit.objects.count() == 0


def test_as_of_option_wins_over_the_sheets_date(table, county):
    run("import_projects", table(), "--as-of", "2023-09-30", "--county", county.code)
    assert set(Progress.objects.values_list("as_of", flat=True)) == {datetime.date(2023, 9, 30)}


def test_bad_options_and_missing_files_are_command_errors(table, tmp_path, county):
    assert "未找到区划代码「000000」" in str(fail("import_projects", table(), "--county", "000000")[0])
    assert "文件不存在" in str(fail("import_projects", str(tmp_path / "none.xlsx"))[0])
    assert "YYYY-MM-DD" in str(fail("import_projects", table(), "--as-of", "2023年9月")[0])


def test_a_file_that_is_not_a_spreadsheet_exits_with_code_one(tmp_path):
    path = tmp_path / "调度表.xlsx"
    path.write_text("这不是表格")
    error, out, _ = fail("import_projects", str(path), "--format", "json")
    assert error.returncode == 1
    assert json.loads(out)["errors"][0]["row"] is None


def test_export_writes_the_countys_projects_and_they_reimport_unchanged(world, tmp_path):
    path = tmp_path / "导出.xlsx"
    out, _ = run("export_projects", str(path), "--county", world.county.code, "--as-of", "2026-06-15")

    assert "已导出 2 个项目" in out
    ws = load_workbook(path).active
    assert ws["A1"].value == "示范县2026年重点项目调度表"
    assert ws["A2"].value.startswith("截至2026年6月15日")

    payload = json.loads(run("import_projects", str(path), "--county", world.county.code, "--format", "json")[0])
    assert payload == {"created": 0, "updated": 0, "errors": [], "created_references": []}
