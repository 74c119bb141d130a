"""The cockpit pages: who sees which region, links to the records, exports, query counts, the statistics."""

import datetime
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import Workbook, load_workbook

from wumei.audit.models import AuditEvent
from wumei.cockpit.models import MonthlyStatistic
from wumei.cockpit.tests.conftest import ON, make_project
from wumei.projects.models import Level, PlanKind

pytestmark = pytest.mark.django_db
HOME = "/cockpit/"
Q = f"?on={ON.isoformat()}"


@pytest.mark.parametrize(("who", "status"), [
    ("hq", 200), ("commander", 200), ("liaison", 403), ("owner", 403), ("inspector", 403), ("nobody", 403),
])
def test_cockpit_is_for_the_hq_office_and_commanders(client, world, who, status):
    client.force_login(getattr(world, who))
    assert client.get(HOME).status_code == status
    assert client.get("/cockpit/screen/").status_code == status


def test_anonymous_is_sent_to_sign_in(client, world):
    assert client.get(HOME).status_code == 302


def test_page_shows_the_figures_with_links_to_their_records(client, small):
    client.force_login(small.world.hq)
    html = client.get(HOME + Q).content.decode()
    assert "完成年度计划的42.2%，低于序时进度7.8个百分点" in html
    assert 'href="/problems/?status=active"' in html
    assert 'href="/dekad/letters/?kind=assignment"' in html
    assert 'href="/projects/?region=430424&amp;overdue=on"' in html
    assert 'id="cockpit-data"' in html and "<script>" not in html and "style=" not in html


def test_a_county_office_never_sees_another_county(client, two_counties):
    client.force_login(two_counties.second_hq)
    assert client.get(HOME + Q + "&region=430424").status_code == 404
    assert client.get(HOME + Q + "&region=430400").status_code == 404
    html = client.get(HOME + Q).content.decode()
    assert "第二县重点项目驾驶舱" in html and "示范县" not in html


def test_city_office_sees_the_roll_up_and_drills_down(client, two_counties):
    client.force_login(two_counties.city_hq)
    html = client.get(HOME + Q).content.decode()
    assert "示范市重点项目驾驶舱" in html and "县（区）排名" in html
    assert html.index('data-county="430426"') < html.index('data-county="430424"')  # 90% before 42.2%
    drilled = client.get(HOME + Q + "&region=430424").content.decode()
    assert "示范县重点项目驾驶舱" in drilled and "完成年度计划的42.2%" in drilled


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_page_queries_are_bounded_and_the_same_for_3_and_30_projects(client, world):
    client.force_login(world.hq)
    make_project(world.county, "甲", Level.COUNTY, PlanKind.CONTINUING, 100, unit=world.unit,
                 start=datetime.date(2025, 1, 1))
    few = _count(client, HOME + Q)  # world's two projects and one more
    for i in range(27):
        make_project(world.county, f"乙{i}", Level.PROVINCIAL, PlanKind.NEW_START, 100, unit=world.other_unit)
    assert _count(client, HOME + Q) == few
    assert few <= 40


@pytest.mark.parametrize("table", ["figures", "investment", "monthly", "stage", "chain", "place", "rag", "ageing",
                                   "units"])
def test_every_list_and_chart_exports_to_excel(client, small, table):
    client.force_login(small.world.hq)
    response = client.get(f"/cockpit/export/{table}.xlsx{Q}")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.cell(1, 1).value.startswith("示范县")
    assert sheet.max_row >= 4


def test_export_stores_formula_like_text_as_text(client, small):
    small.world.unit.name = "=HYPERLINK(\"x\")"
    small.world.unit.save()
    client.force_login(small.world.hq)
    sheet = load_workbook(io.BytesIO(client.get(f"/cockpit/export/units.xlsx{Q}").content)).active
    cell = next(c for row in sheet.iter_rows(min_row=4) for c in row if c.value == "=HYPERLINK(\"x\")")
    assert cell.data_type == "s"
    assert client.get(f"/cockpit/export/nothing.xlsx{Q}").status_code == 404


def test_hq_office_enters_a_month_and_corrects_it(client, world):
    client.force_login(world.hq)
    data = {"region": "430424", "year": 2026, "month": 3, "fai_amount": "11.2亿元", "fai_growth": "8.5"}
    assert client.post("/cockpit/statistics/", data).status_code == 302
    client.post("/cockpit/statistics/", {**data, "fai_amount": "120000"})
    stat = MonthlyStatistic.objects.get(region=world.county, year=2026, month=3)
    assert (stat.fai_amount, stat.fai_growth) == (Decimal(120000), Decimal("8.5"))
    assert list(AuditEvent.objects.filter(action__startswith="statistic.").values_list("action", flat=True)
                .order_by("pk")) == ["statistic.create", "statistic.update"]


def test_statistics_form_names_the_bad_field(client, world):
    client.force_login(world.hq)
    html = client.post("/cockpit/statistics/", {"region": "430424", "year": 2026, "month": 13,
                                                 "fai_amount": "很多"}).content.decode()
    assert "月份应为1至12" in html and "无法识别的金额" in html
    client.force_login(world.commander)
    assert client.post("/cockpit/statistics/", {"region": "430424"}).status_code == 403


def _workbook(rows) -> io.BytesIO:
    wb = Workbook()
    ws = wb.active
    ws.append(["区划代码", "年度", "月份", "固定资产投资累计（万元）", "固定资产投资同比增长（%）",
               "地区生产总值同比增长（%）", "规模工业增加值同比增长（%）"])
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    buffer.name = "统计.xlsx"
    return buffer


def test_import_is_all_or_nothing_and_names_row_and_column(client, world):
    client.force_login(world.hq)
    bad = _workbook([[430424, 2026, 1, 10000, 9.1], [430424, 2026, 2, "abc", 9.5], ["999999", 2026, 3, 1, None]])
    response = client.post("/cockpit/statistics/import/", {"file": bad}, follow=True)
    html = response.content.decode()
    assert "第3行第D列（固定资产投资累计（万元））：无法识别的金额" in html
    assert "第4行第A列（区划代码）" in html
    assert not MonthlyStatistic.objects.exists()
    good = _workbook([[430424, 2026, 1, 10000, 9.1, 5.7, 6], ["430424", 2026, 2, "2.1亿元", "9.5%", None, None]])
    html = client.post("/cockpit/statistics/import/", {"file": good}, follow=True).content.decode()
    assert "导入成功：新增2条" in html
    assert MonthlyStatistic.objects.get(month=2).fai_amount == Decimal(21000)


def test_figures_are_kept_for_the_cache_time_and_statistics_clear_them(client, world, settings,
                                                                     django_capture_on_commit_callbacks):
    """A second look within the cache time reads no project; entering statistics shows at once."""
    from django.core.cache import cache

    settings.COCKPIT_CACHE_SECONDS = 300
    cache.clear()
    client.force_login(world.hq)
    first = _count(client, HOME + Q)
    again = _count(client, HOME + Q)
    assert again < first - 10
    assert "统计于" in client.get(HOME + Q).content.decode()
    with django_capture_on_commit_callbacks(execute=True):  # the cache is cleared once the save commits
        saved = client.post("/cockpit/statistics/", {"region": world.county.code, "year": ON.year, "month": 1,
                                                     "fai_amount": "1000", "fai_growth": "5"})
    assert saved.status_code == 302
    assert _count(client, HOME + Q) >= first
