"""Pages of 每季必考: who sees what, editing the method, scoring, confirming, awards; bounded queries."""

import pytest
from django.urls import reverse

from wumei.quarterly import services
from wumei.quarterly.models import AssessmentMethod, Award, ScoringRun
from wumei.quarterly.tests.conftest import Q3, TODAY


@pytest.fixture
def run(scored_world):
    return services.score_quarter(scored_world.county, Q3, actor=scored_world.hq, today=TODAY)


def quarter_url(run, action=None):
    args = [run.county.code, run.period.code] + ([action] if action else [])
    return reverse("quarterly:quarter-act" if action else "quarterly:quarter-detail", args=args)


@pytest.mark.parametrize(("who", "status"), [("hq", 200), ("commander", 200), ("liaison", 404), ("owner", 404),
                                             ("nobody", 404)])
def test_the_quarter_page_is_for_the_hq_office_and_the_commander(client, scored_world, run, who, status):
    client.force_login(getattr(scored_world, who))
    assert client.get(quarter_url(run)).status_code == status
    assert client.get(reverse("quarterly:method-detail", args=[scored_world.method.pk])).status_code == status
    assert client.get(reverse("quarterly:home")).status_code == status


def test_anonymous_is_sent_to_sign_in(client, run):
    assert client.get(quarter_url(run)).status_code == 302


def test_the_quarter_page_shows_scores_explanations_awards_and_the_documents(client, scored_world, run,
                                                                             django_assert_max_num_queries):
    client.force_login(scored_world.hq)
    with django_assert_max_num_queries(25):
        page = client.get(quarter_url(run)).content.decode()
    assert "轻盐集团年产100万吨纯碱项目" in page and "开工奖" in page and "确认考核结果" in page
    assert "投资完成率：50 × 权重40% = 20分" in page
    assert "kind=quarterly_review" in page
    client.force_login(scored_world.commander)
    page = client.get(quarter_url(run)).content.decode()
    assert "确认考核结果" not in page and "增补奖项" not in page


def test_the_commander_cannot_confirm(client, scored_world, run):
    client.force_login(scored_world.commander)
    assert client.post(quarter_url(run, "confirm")).status_code == 403
    run.refresh_from_db()
    assert not run.is_confirmed


def test_the_hq_office_confirms_and_removes_an_award_with_a_reason(client, scored_world, run):
    client.force_login(scored_world.hq)
    award = run.awards.get(kind="start")
    client.post(quarter_url(run, "award-remove"), {"award": award.pk, "reason": "材料不实"})
    client.post(quarter_url(run, "confirm"))
    run.refresh_from_db()
    award.refresh_from_db()
    assert run.is_confirmed and award.is_removed and award.removed_reason == "材料不实"
    page = client.get(quarter_url(run)).content.decode()
    assert "重新评分" not in page and "材料不实" in page


def test_scoring_from_the_home_page(client, scored_world, django_assert_max_num_queries):
    client.force_login(scored_world.hq)
    with django_assert_max_num_queries(15):
        home = client.get(reverse("quarterly:home")).content.decode()
    assert "计算得分并拟定奖项" in home
    response = client.post(reverse("quarterly:quarter-score"), {"county": "430424", "quarter": "2026Q3"})
    assert response.status_code == 302
    assert ScoringRun.objects.filter(year=2026, quarter=3).exists()


def test_editing_the_method_refuses_weights_not_summing_to_100(client, scored_world):
    client.force_login(scored_world.hq)
    method = scored_world.method
    url = reverse("quarterly:method-edit", args=[method.pk])
    data = {"name": "考核办法", "note": "",
            "lines-TOTAL_FORMS": "3", "lines-INITIAL_FORMS": "0",
            "lines-0-group": "project", "lines-0-indicator": "start_on_time", "lines-0-weight": "60",
            "lines-1-group": "project", "lines-1-indicator": "reporting_rate", "lines-1-weight": "30",
            "lines-2-group": "", "lines-2-indicator": "", "lines-2-weight": "",
            "rules-TOTAL_FORMS": "1", "rules-INITIAL_FORMS": "0",
            "rules-0-kind": "progress", "rules-0-group": "project", "rules-0-top_n": "5"}
    page = client.post(url, data).content.decode()
    assert "重点项目各项指标权重合计应为100，现为90" in page
    data["lines-1-weight"] = "40"
    assert client.post(url, data).status_code == 302
    method.refresh_from_db()
    assert [(x.indicator, x.weight) for x in method.lines.all()] == [("start_on_time", 60), ("reporting_rate", 40)]
    assert method.award_rules.get().top_n == 5


def test_a_frozen_method_is_not_editable_and_can_be_copied(client, scored_world, run):
    services.confirm_run(scored_world.hq, run)
    client.force_login(scored_world.hq)
    method = scored_world.method
    response = client.get(reverse("quarterly:method-edit", args=[method.pk]))
    assert response.status_code == 302
    response = client.post(reverse("quarterly:method-act", args=[method.pk, "copy"]), {"year": "2027"})
    copy = AssessmentMethod.objects.get(year=2027)
    assert response.url == reverse("quarterly:method-detail", args=[copy.pk])
    assert Award.objects.filter(run=run).exists()
