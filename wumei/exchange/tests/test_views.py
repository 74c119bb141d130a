"""The import page (HQ office only) and the export download (any signed-in user, their projects)."""

import io
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from wumei.exchange.tests.workbooks import build_table, messy_rows
from wumei.projects.models import Level, Project

pytestmark = pytest.mark.django_db

IMPORT = reverse("exchange:import")
EXPORT = reverse("exchange:export")


def upload(data: bytes, name: str = "调度表.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def signed_in(client, world, who: str):
    if who != "anonymous":
        client.force_login(getattr(world, who))
    return client


def exported_names(response) -> list[str]:
    ws = load_workbook(io.BytesIO(b"".join(response.streaming_content) if response.streaming
                                  else response.content)).active
    names = [ws.cell(row, 3).value for row in range(5, ws.max_row + 1)]
    return [n for n in names if n and not n.startswith(("小计", "合计"))]


# --- import --------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("who", "status"), [
    ("anonymous", 302), ("nobody", 404), ("auditor", 404), ("owner", 404), ("liaison", 404),
    ("commander", 404), ("hq", 200),
])
def test_only_the_hq_office_may_open_the_import_page(client, world, who, status):
    response = signed_in(client, world, who).get(IMPORT)
    assert response.status_code == status
    if who == "anonymous":
        assert response["Location"].startswith(reverse("web:login"))
    if status == 200:
        assert "仅校验不导入" in response.content.decode()


@pytest.mark.parametrize("who", ["nobody", "liaison", "commander"])
def test_others_cannot_import_by_posting(client, world, who):
    response = signed_in(client, world, who).post(IMPORT, {"file": upload(build_table(messy_rows()))})
    assert response.status_code == 404
    assert Project.objects.count() == 2


def test_hq_office_imports_into_its_county_and_sees_the_counts(client, world):
    response = signed_in(client, world, "hq").post(IMPORT, {"file": upload(build_table(messy_rows()))})

    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-result="ok"' in page
    assert '<strong data-count="created">3</strong>' in page
    assert "示范新材料有限公司" in page  # a created reference
    assert Project.objects.filter(county=world.county).count() == 5


def test_errors_are_shown_as_a_table_of_row_column_and_problem(client, world):
    rows = messy_rows()
    rows[0][1][0]["planned_start"] = "2023年13月"
    response = signed_in(client, world, "hq").post(IMPORT, {"file": upload(build_table(rows))})

    page = response.content.decode()
    assert 'data-table="errors"' in page
    assert "<th class=\"w-1\">行</th><th>列</th><th>问题</th>" in page
    assert "第6行" in page and "开工时间（计划）" in page and "无法识别的日期 &quot;2023年13月&quot;" in page
    assert Project.objects.count() == 2


def test_the_import_form_passes_dry_run_strict_and_as_of(client, world):
    client = signed_in(client, world, "hq")
    response = client.post(IMPORT, {"file": upload(build_table(messy_rows())), "dry_run": "on"})
    assert "校验通过" in response.content.decode()
    assert Project.objects.count() == 2

    response = client.post(IMPORT, {"file": upload(build_table(messy_rows())), "strict": "on"})
    assert "单位「示范新材料有限公司」不存在" in response.content.decode()

    response = client.post(IMPORT, {"file": upload(build_table(messy_rows(), as_of_line=None)),
                                    "as_of": "2023-09-30"})
    assert "进度截至 2023年9月30日" in response.content.decode()


def test_a_bad_file_is_explained_on_the_result_page(client, world):
    response = signed_in(client, world, "hq").post(IMPORT, {"file": upload(b"\xd0\xcf\x11\xe0" * 64, "旧表.xls")})
    assert "另存为" in response.content.decode()


@override_settings(IMPORT_MAX_BYTES=1000)
def test_an_upload_over_the_size_limit_is_refused_by_the_form(client, world):
    response = signed_in(client, world, "hq").post(IMPORT, {"file": upload(build_table(messy_rows()))})
    assert response.status_code == 200
    assert "文件过大" in response.content.decode()
    assert Project.objects.count() == 2


def test_the_import_form_is_csrf_protected(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.hq)
    response = client.post(IMPORT, {"file": upload(build_table(messy_rows()))})
    assert response.status_code == 403
    assert Project.objects.count() == 2


# --- export --------------------------------------------------------------------------------------------

def test_anonymous_export_redirects_to_login(client):
    response = client.get(EXPORT)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("web:login"))


@pytest.mark.parametrize(("who", "expected"), [
    ("nobody", []),
    ("auditor", []),
    ("liaison", ["轻盐集团年产100万吨纯碱项目"]),
    ("other_liaison", ["县城环线公路项目"]),
    ("owner", ["轻盐集团年产100万吨纯碱项目"]),
    ("commander", ["轻盐集团年产100万吨纯碱项目", "县城环线公路项目"]),
    ("hq", ["轻盐集团年产100万吨纯碱项目", "县城环线公路项目"]),
])
def test_export_downloads_exactly_the_projects_the_user_may_see(client, world, who, expected):
    response = signed_in(client, world, who).get(EXPORT)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert exported_names(response) == expected


def test_export_file_name_is_dated_and_properly_encoded(client, world):
    response = signed_in(client, world, "hq").get(EXPORT)
    name = f"重点项目调度表-{timezone.localdate():%Y%m%d}.xlsx"
    assert response["Content-Disposition"] == f"attachment; filename*=utf-8''{quote(name)}"


def test_export_applies_the_registry_lists_filters(client, world):
    Project.objects.filter(pk=world.other.pk).update(level=Level.PROVINCIAL)
    client = signed_in(client, world, "hq")
    assert exported_names(client.get(EXPORT, {"level": "provincial"})) == ["县城环线公路项目"]
    assert exported_names(client.get(EXPORT, {"q": "qyjt"})) == ["轻盐集团年产100万吨纯碱项目"]
    assert len(exported_names(client.get(EXPORT, {"level": "bogus", "unit": "x"}))) == 2


def test_export_only_answers_get(client, world):
    assert signed_in(client, world, "hq").post(EXPORT).status_code == 405


def test_export_query_count_does_not_grow_with_projects(client, world, django_assert_max_num_queries):
    from wumei.testing import ProjectFactory

    for index in range(30):
        ProjectFactory(name=f"批量项目{index}", county=world.county, owner=world.enterprise,
                       responsible_unit=world.unit)
    client = signed_in(client, world, "hq")
    with django_assert_max_num_queries(14):
        response = client.get(EXPORT)
    assert len(exported_names(response)) == 32
