"""The 每周必访 pages: a permission matrix per view, the visit form end to end, coverage as people see it, the
chain map's data and scripts, the lead figures, the project panel, and bounded query counts."""

import datetime
import re
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from wumei.audit.models import AuditEvent
from wumei.problems.models import Problem
from wumei.testing import ProjectFactory, user_with_role
from wumei.weekly import services
from wumei.weekly.models import ChainItem, InvestmentLead, SupplyLink, Visit
from wumei.weekly.tests.conftest import DAY
from wumei.weekly.tests.support import image_file, text_file

EVERYONE = ["nobody", "liaison", "other_liaison", "inspector", "commander", "hq", "lead_leader", "secretary",
            "other_leader", "chain_leader", "other_chain_leader", "owner"]


def expect(default, **special):
    return {who: special.get(who, default) for who in EVERYONE}


def visit_of(weekly):
    return services.log_visit(weekly.lead_leader, weekly.project, visited_on=DAY, findings="现场查看", today=DAY).visit


# URL, expected status per user. `w` is the weekly fixture.
PAGES = {
    "home": (lambda w: reverse("weekly:home"), expect(200)),
    "visit-list": (lambda w: reverse("weekly:visit-list"), expect(200)),
    "visit-pick": (lambda w: reverse("weekly:visit-pick"),
                   expect(403, hq=200, lead_leader=200, secretary=200, other_leader=200)),
    "visit-create": (lambda w: reverse("weekly:visit-create", args=[w.project.pk]),
                     expect(404, hq=200, lead_leader=200, secretary=200, commander=403, liaison=403, inspector=403,
                            owner=403, chain_leader=403)),
    "visit-detail": (lambda w: reverse("weekly:visit-detail", args=[visit_of(w).pk]),
                     expect(404, hq=200, lead_leader=200, secretary=200, commander=200, liaison=200, inspector=200,
                            owner=200, chain_leader=200)),
    "coverage": (lambda w: reverse("weekly:coverage"),
                 expect(403, hq=200, commander=200, lead_leader=200, secretary=200, other_leader=200)),
    "coverage-weeks": (lambda w: reverse("weekly:coverage-weeks"),
                       expect(403, hq=200, commander=200, lead_leader=200, secretary=200, other_leader=200)),
    "delegate-list": (lambda w: reverse("weekly:delegate-list"), expect(403, hq=200)),
    "chain-list": (lambda w: reverse("weekly:chain-list"), expect(200)),
    "chain-detail": (lambda w: reverse("weekly:chain-detail", args=[w.chain.pk]),
                     expect(404, hq=200, commander=200, chain_leader=200)),
    "chain-item-create": (lambda w: reverse("weekly:chain-item-create", args=[w.chain.pk]),
                          expect(404, hq=200, chain_leader=200, commander=403)),
    "chain-map": (lambda w: reverse("weekly:chain-map", args=[w.chain.pk]),
                  expect(404, hq=200, commander=200, chain_leader=200)),
    "lead-list": (lambda w: reverse("weekly:lead-list"),
                  expect(403, hq=200, commander=200, chain_leader=200, other_chain_leader=200)),
    "lead-create": (lambda w: reverse("weekly:lead-create"),
                    expect(403, hq=200, chain_leader=200, other_chain_leader=200)),
    "lead-detail": (lambda w: reverse("weekly:lead-detail", args=[w.lead.pk]),
                    expect(404, hq=200, commander=200, chain_leader=200)),
    "lead-edit": (lambda w: reverse("weekly:lead-edit", args=[w.lead.pk]),
                  expect(404, hq=200, chain_leader=200, commander=403)),
}


def _matrix():
    for page, (_, expected) in PAGES.items():
        for who, status in expected.items():
            yield pytest.param(page, who, status, id=f"{page} · {who} → {status}")


@pytest.mark.parametrize("page, who, status", list(_matrix()))
def test_each_page_answers_each_user_by_scope(client, weekly, today, page, who, status):
    url = PAGES[page][0](weekly)
    client.force_login(getattr(weekly, who))

    response = client.get(url)

    assert response.status_code == status


@pytest.mark.parametrize("page", list(PAGES))
def test_anonymous_is_sent_to_login(client, weekly, today, page):
    response = client.get(PAGES[page][0](weekly))

    assert response.status_code == 302 and response["Location"].startswith(reverse("web:login"))


POSTS = {
    "visit-photos": lambda w: reverse("weekly:visit-photos", args=[visit_of(w).pk]),
    "delegate-delete": lambda w: reverse("weekly:delegate-delete", args=[w.lead_leader.person.visit_delegations
                                                                          .get().pk]),
    "chain-item-delete": lambda w: reverse("weekly:chain-item-delete", args=[w.chain.pk, ChainItem.objects.create(
        chain=w.chain, kind="development", title="打造盐化工集群").pk]),
    "chain-link-delete": lambda w: reverse("weekly:chain-link-delete", args=[w.chain.pk, SupplyLink.objects.create(
        chain=w.chain, supplier=w.supplier, customer=w.enterprise, product="纯碱").pk]),
}
POST_STATUS = {
    "visit-photos": expect(404, hq=302, lead_leader=302, secretary=302, commander=403, liaison=403, inspector=403,
                           owner=403, chain_leader=403),
    "delegate-delete": expect(403, hq=302),
    "chain-item-delete": expect(404, hq=302, chain_leader=302, commander=403),
    "chain-link-delete": expect(404, hq=302, chain_leader=302, commander=403),
}


@pytest.mark.parametrize("action, who, status", [
    pytest.param(a, w, s, id=f"{a} · {w} → {s}") for a, row in POST_STATUS.items() for w, s in row.items()])
def test_each_action_answers_each_user_by_scope(client, weekly, today, action, who, status):
    url = POSTS[action](weekly)
    client.force_login(getattr(weekly, who))

    response = client.post(url)

    assert response.status_code == status


# ---------------------------------------------------------------- visits end to end


def test_lead_leader_logs_a_visit_with_a_problem_and_a_refused_photo_and_keeps_the_rest(client, weekly, today):
    client.force_login(weekly.lead_leader)
    form = {
        "visited_on": "2026-06-10", "findings": "主体厂房封顶，设备基础施工中", "companions": [weekly.inspector.person.pk],
        "companions_note": "县发改局局长", "photos": [image_file("好.jpg"), text_file("坏.jpg")],
        "problems-TOTAL_FORMS": "3", "problems-INITIAL_FORMS": "0",
        "problems-0-description": "施工用电需增容至800千伏安", "problems-0-category": "power",
        "problems-1-description": "", "problems-1-category": "other",
        "problems-2-description": "", "problems-2-category": "other",
    }

    response = client.post(reverse("weekly:visit-create", args=[weekly.project.pk]), form, follow=True)

    visit = Visit.objects.get()
    assert response.redirect_chain[-1][0] == reverse("weekly:visit-detail", args=[visit.pk])
    page = response.content.decode()
    assert "现场提出问题1个" in page and "坏.jpg" in page and "走访记录已保存" in page
    assert visit.photos.count() == 1 and visit.problems.get().category == Problem.Category.POWER
    assert reverse("photos:photo-file", args=[visit.photos.get().pk, "thumb"]) in page
    assert list(visit.companions.all()) == [weekly.inspector.person]


def test_an_invalid_visit_form_keeps_what_was_typed(client, weekly, today):
    client.force_login(weekly.secretary)

    response = client.post(reverse("weekly:visit-create", args=[weekly.project.pk]), {
        "visited_on": "2026-06-11", "findings": "设备安装中", "problems-TOTAL_FORMS": "0",
        "problems-INITIAL_FORMS": "0"})

    assert response.status_code == 200
    page = response.content.decode()
    assert "走访日期不能晚于今天" in page and "设备安装中" in page
    assert not Visit.objects.exists()


def test_lead_leader_sees_his_unvisited_project_until_he_visits_it(client, weekly, today):
    client.force_login(weekly.lead_leader)
    url = reverse("weekly:home")

    before = client.get(url).content.decode()
    visit_of(weekly)
    after = client.get(url).content.decode()

    create = reverse("weekly:visit-create", args=[weekly.project.pk])
    assert "已走访 0/1" in before and create in before
    assert "已走访 1/1" in after and create not in after


def test_hq_sees_each_leaders_coverage_and_what_is_missing(client, weekly, today):
    visit_of(weekly)
    client.force_login(weekly.hq)

    page = client.get(reverse("weekly:coverage")).content.decode()

    assert "2026年第24周（6月8日—6月14日）" in page
    assert '<div class="h2 m-0" id="overall-rate">50.0%</div>' in page
    rows = re.findall(r"<tr>.*?</tr>", page, re.S)
    leader_row = next(r for r in rows if weekly.lead_leader.person.name in r)
    other_row = next(r for r in rows if weekly.other_leader.person.name in r)
    assert "100.0%" in leader_row and "全部走访" in leader_row
    assert "0.0%" in other_row and weekly.other.name in other_row


def test_a_lead_leader_sees_only_his_own_coverage(client, weekly, today):
    client.force_login(weekly.lead_leader)

    page = client.get(reverse("weekly:coverage")).content.decode()

    assert weekly.lead_leader.person.name in page and weekly.other_leader.person.name not in page


def test_a_past_week_is_shown_by_any_day_in_it_and_the_week_after_today_is_not_offered(client, weekly, today):
    services.log_visit(weekly.hq, weekly.other, visited_on=datetime.date(2026, 6, 1), findings="查看", today=DAY)
    client.force_login(weekly.hq)

    past = client.get(reverse("weekly:coverage") + "?week=2026-06-07").content.decode()
    current = client.get(reverse("weekly:coverage")).content.decode()

    assert "2026年第23周" in past and "50.0%" in past and "?week=2026-06-08" in past
    assert "?week=2026-06-15" not in current


def test_the_multi_week_view_marks_a_holiday_week(client, weekly, time_machine):
    time_machine.move_to(datetime.datetime(2026, 2, 25, 10, tzinfo=datetime.timezone(datetime.timedelta(hours=8))),
                         tick=False)
    client.force_login(weekly.hq)

    page = client.get(reverse("weekly:coverage-weeks")).content.decode()

    assert "第8周" in page and "节假日" in page  # 2026-02-16..22, the Spring Festival week


def test_the_hq_office_grants_a_secretary_from_the_page(client, weekly, today):
    client.force_login(weekly.hq)

    response = client.post(reverse("weekly:delegate-list"), {"leader": weekly.other_leader.person.pk,
                                                              "secretary": weekly.liaison.person.pk})

    assert response.status_code == 302
    assert weekly.other_leader.person.visit_delegations.get().secretary == weekly.liaison.person
    assert AuditEvent.objects.filter(action="visit_delegate.create").exists()


# ---------------------------------------------------------------- chains


def test_chain_page_shows_typed_and_derived_lists(client, weekly, today):
    ChainItem.objects.create(chain=weekly.chain, kind="technology", title="纯碱废液资源化利用", amount=Decimal(2500))
    services.log_visit(weekly.lead_leader, weekly.project, visited_on=DAY, findings="查看", today=DAY,
                       problems=[{"description": "环评批复未取得", "category": "environment"}])
    client.force_login(weekly.chain_leader)

    page = client.get(reverse("weekly:chain-detail", args=[weekly.chain.pk])).content.decode()

    for heading in ("产业发展清单", "招商清单", "项目清单", "问题清单", "科技成果转化清单"):
        assert heading in page
    assert "纯碱废液资源化利用" in page and "2,500万元" in page
    assert weekly.project.name in page and weekly.other.name not in page
    assert "环评批复未取得" in page and "共1个，已解决0个" in page


def test_chain_leader_adds_an_item_from_the_page(client, weekly, today):
    client.force_login(weekly.chain_leader)

    response = client.post(reverse("weekly:chain-item-create", args=[weekly.chain.pk]), {
        "kind": "investment", "title": "引进电子级氢氟酸项目", "amount": "4.8亿", "status": "planned",
        "responsible": "县投资促进事务中心", "detail": "", "due_on": "2026-12-31", "order": "1"})

    assert response.status_code == 302 and response["Location"].endswith("#investment")
    assert ChainItem.objects.get().amount == Decimal("48000.0000")


def test_map_page_passes_its_graph_as_json_and_has_no_inline_script(client, weekly, today):
    services.add_supply_link(weekly.hq, weekly.chain, supplier=weekly.supplier, customer=weekly.enterprise,
                             product="纯碱")
    client.force_login(weekly.commander)

    page = client.get(reverse("weekly:chain-map", args=[weekly.chain.pk])).content.decode()

    data = re.search(r'<script id="chain-map-data" type="application/json">(.*?)</script>', page, re.S)
    assert data is not None
    import json

    graph = json.loads(data.group(1))
    assert {n["name"] for n in graph["nodes"]} == {weekly.supplier.name, weekly.enterprise.name}
    assert graph["links"] == [{"source": str(weekly.supplier.pk), "target": str(weekly.enterprise.pk),
                               "product": "纯碱"}]
    owner = next(n for n in graph["nodes"] if n["name"] == weekly.enterprise.name)
    assert graph["categories"][owner["category"]]["name"] == "链上项目业主"  # it owns a project of the chain
    scripts = re.findall(r"<script([^>]*)>", page)
    assert all("src=" in attrs or 'type="application/json"' in attrs for attrs in scripts)
    assert "/static/vendor/echarts/echarts.min.js" in page and "/static/wumei/chain_map.js" in page
    assert "添加配套关系" not in page  # the commander reads only


def test_echarts_is_loaded_only_on_the_map_page(client, weekly, today):
    client.force_login(weekly.hq)

    for name, args in [("weekly:home", []), ("weekly:chain-detail", [weekly.chain.pk]), ("weekly:lead-list", [])]:
        assert "echarts" not in client.get(reverse(name, args=args)).content.decode()


def test_every_weekly_page_is_free_of_inline_scripts(client, weekly, today):
    visit = visit_of(weekly)
    client.force_login(weekly.hq)
    urls = [reverse("weekly:home"), reverse("weekly:visit-list"), reverse("weekly:visit-detail", args=[visit.pk]),
            reverse("weekly:visit-create", args=[weekly.project.pk]), reverse("weekly:coverage"),
            reverse("weekly:coverage-weeks"), reverse("weekly:delegate-list"), reverse("weekly:chain-list"),
            reverse("weekly:chain-detail", args=[weekly.chain.pk]), reverse("weekly:lead-list"),
            reverse("weekly:lead-detail", args=[weekly.lead.pk]), reverse("weekly:lead-edit", args=[weekly.lead.pk])]

    for url in urls:
        scripts = re.findall(r"<script([^>]*)>", client.get(url).content.decode())
        assert all("src=" in attrs or 'type="application/json"' in attrs for attrs in scripts), url


def test_the_map_adds_a_supply_link_for_the_chain_leader(client, weekly, today):
    client.force_login(weekly.chain_leader)

    response = client.post(reverse("weekly:chain-map", args=[weekly.chain.pk]), {
        "supplier": weekly.supplier.pk, "customer": weekly.enterprise.pk, "product": "工业盐", "note": ""})

    assert response.status_code == 302 and SupplyLink.objects.get().product == "工业盐"


def test_a_commander_cannot_post_to_the_map(client, weekly, today):
    client.force_login(weekly.commander)

    response = client.post(reverse("weekly:chain-map", args=[weekly.chain.pk]), {
        "supplier": weekly.supplier.pk, "customer": weekly.enterprise.pk, "product": "工业盐"})

    assert response.status_code == 403 and not SupplyLink.objects.exists()


# ---------------------------------------------------------------- leads


def test_lead_page_shows_county_and_park_figures_to_hq(client, weekly, today):
    client.force_login(weekly.hq)

    page = client.get(reverse("weekly:lead-list")).content.decode()

    county = re.search(r'data-scope="county".*?</div>\s*</div>\s*</div>', page, re.S).group(0)
    park = re.search(r'data-scope="park".*?</div>\s*</div>\s*</div>', page, re.S).group(0)
    assert re.search(r'data-figure="signed">2<', county) and "9.6亿元" in county
    assert re.search(r'data-figure="top500">1<', county)
    assert re.search(r'data-figure="fulfilment">50.0%<', county)  # 1 of 2 contracts due started
    assert re.search(r'data-figure="signed">1<', park) and re.search(r'data-figure="fulfilment">100.0%<', park)


def test_figures_are_computed_as_of_a_chosen_day(client, weekly, today):
    client.force_login(weekly.commander)

    page = client.get(reverse("weekly:lead-list") + "?on=2026-02-15").content.decode()

    assert re.search(r'data-scope="county".*?data-figure="signed">1<', page, re.S)


def test_chain_leader_sees_his_chains_leads_without_county_figures(client, weekly, today):
    client.force_login(weekly.chain_leader)

    page = client.get(reverse("weekly:lead-list")).content.decode()

    assert weekly.lead.name in page and weekly.other_lead.name not in page and "data-figure" not in page


@pytest.mark.parametrize("query, shown", [
    ("stage=started", ["纯碱副产品综合利用项目"]), ("place=town", ["中药配方颗粒项目"]),
    ("top500=on", ["纯碱副产品综合利用项目"]), ("q=湘岳", ["中药配方颗粒项目"]),
    ("year=2026", ["纯碱副产品综合利用项目", "中药配方颗粒项目"]),
])
def test_lead_list_filters(client, weekly, today, query, shown):
    client.force_login(weekly.hq)

    page = client.get(reverse("weekly:lead-list") + "?" + query).content.decode()

    for name in ("纯碱副产品综合利用项目", "中药配方颗粒项目"):
        assert (f">{name}</a>" in page) is (name in shown)


def test_chain_leader_registers_a_lead_of_his_chain(client, weekly, today):
    client.force_login(weekly.chain_leader)

    response = client.post(reverse("weekly:lead-create"), {
        "name": "电子级氢氟酸项目", "investor": "福建氟新材料有限公司", "amount": "48000", "chain": weekly.chain.pk,
        "park": weekly.park.pk, "stage": "signed", "signed_on": "2026-05-01", "contract_start_on": "2026-07-01"})

    lead = InvestmentLead.objects.get(name="电子级氢氟酸项目")
    assert response.status_code == 302 and lead.county == weekly.county and lead.chain == weekly.chain


def test_a_chain_leader_may_not_file_a_lead_under_another_chain(client, weekly, today):
    client.force_login(weekly.chain_leader)

    response = client.post(reverse("weekly:lead-create"), {
        "name": "原料药项目", "investor": "某药业", "amount": "1000", "chain": weekly.other_chain.pk,
        "stage": "contact"})

    assert response.status_code == 200 and not InvestmentLead.objects.filter(name="原料药项目").exists()


def test_editing_a_lead_back_needs_a_reason_on_the_page(client, weekly, today):
    client.force_login(weekly.hq)
    form = {"name": weekly.lead.name, "investor": weekly.lead.investor, "amount": "60000", "is_top500": "on",
            "chain": weekly.chain.pk, "park": weekly.park.pk, "stage": "signed", "contacted_on": "2026-01-05",
            "signed_on": "2026-02-01", "contract_start_on": "2026-04-01"}

    refused = client.post(reverse("weekly:lead-edit", args=[weekly.lead.pk]), form)
    accepted = client.post(reverse("weekly:lead-edit", args=[weekly.lead.pk]), {**form, "reason": "开工信息录错"})

    assert refused.status_code == 200 and "须填写原因" in refused.content.decode()
    assert accepted.status_code == 302
    weekly.lead.refresh_from_db()
    assert weekly.lead.stage == "signed" and weekly.lead.started_on is None


# ---------------------------------------------------------------- project panel


def render_panel(project, user) -> str:
    request = RequestFactory().get("/")
    request.user = user
    return Template("{% load weekly_tags %}{% weekly_project_panel project user %}").render(
        Context({"project": project, "user": user, "request": request}))


def test_project_panel_shows_recent_visits_and_this_weeks_state(weekly, today):
    before = render_panel(weekly.project, weekly.secretary)
    visit_of(weekly)
    after = render_panel(weekly.project, weekly.secretary)

    assert "本周未走访" in before and "暂无走访记录" in before
    assert "本周已走访" in after and reverse("weekly:visit-detail", args=[Visit.objects.get().pk]) in after
    assert reverse("weekly:visit-create", args=[weekly.project.pk]) in after  # the secretary may log


def test_project_panel_offers_no_logging_to_a_reader(weekly, today):
    page = render_panel(weekly.project, weekly.liaison)

    assert reverse("weekly:visit-create", args=[weekly.project.pk]) not in page


def test_project_panel_queries_are_bounded(weekly, today, django_assert_max_num_queries):
    for i in range(8):
        services.log_visit(weekly.hq, weekly.project, visited_on=DAY - datetime.timedelta(days=i), findings="查看",
                           today=DAY)
    with django_assert_max_num_queries(10):
        page = render_panel(weekly.project, weekly.hq)
    assert page.count("list-group-item-action") == 5


# ---------------------------------------------------------------- query bounds


@pytest.fixture
def crowd(weekly, today):
    """Twelve lead leaders with three projects each, visits over eight weeks, leads and chain items."""
    from wumei.testing import Role

    leaders = [user_with_role(Role.LEAD_LEADER, weekly.county, username=f"leader{i}") for i in range(12)]
    projects = [ProjectFactory(county=weekly.county, lead_leader=u.person, chain=weekly.chain,
                               responsible_unit=weekly.unit) for u in leaders for _ in range(3)]
    for n, project in enumerate(projects):
        for week in range(0, 8, 2):
            services.log_visit(weekly.hq, project, visited_on=DAY - datetime.timedelta(days=7 * week + n % 3),
                               findings="查看", today=DAY - datetime.timedelta(days=7 * week))
    for i in range(30):
        InvestmentLead.objects.create(county=weekly.county, name=f"招商项目{i}", investor="投资方", amount=Decimal(i),
                                      chain=weekly.chain, stage="contact")
        ChainItem.objects.create(chain=weekly.chain, kind="development", title=f"事项{i}")
    return weekly


@pytest.mark.parametrize("name, args, bound", [
    ("weekly:home", [], 20), ("weekly:visit-list", [], 16), ("weekly:coverage", [], 16),
    ("weekly:coverage-weeks", [], 16), ("weekly:chain-detail", ["chain"], 18), ("weekly:chain-map", ["chain"], 16),
    ("weekly:lead-list", [], 20), ("weekly:chain-list", [], 14),
])
def test_pages_have_a_bounded_number_of_queries(client, crowd, django_assert_max_num_queries, name, args, bound):
    client.force_login(crowd.hq)
    url = reverse(name, args=[getattr(crowd, a).pk for a in args])

    with django_assert_max_num_queries(bound):
        response = client.get(url)

    assert response.status_code == 200
