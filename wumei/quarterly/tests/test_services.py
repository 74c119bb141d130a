"""Scoring a quarter from the records, confirming it, awards, and the method's freeze (hand-computed)."""

import datetime
from decimal import Decimal as D

import pytest

from wumei.audit.models import AuditEvent
from wumei.core.errors import PermissionDenied, ValidationError
from wumei.quarterly import indicators, rules, services
from wumei.quarterly.models import AssessmentMethod, Award, Score, ScoringRun
from wumei.quarterly.tests.conftest import Q3, TODAY


def dump(run):
    return sorted(Score.objects.filter(run=run).values_list("group", "name", "total", "rank", "explanation"))


def test_scores_are_computed_from_the_records_and_explained(scored_world):
    w = scored_world
    run = services.score_quarter(w.county, Q3, actor=w.hq, today=TODAY)
    a = Score.objects.get(run=run, group="project", project=w.project)
    b = Score.objects.get(run=run, group="project", project=w.other)
    # A: start 100×40 + investment 100×40 + problems 100×20 = 100.
    assert (a.total, a.rank) == (D("100.00"), 1)
    # B: start 0×40 + investment (450 of 900 expected = 50)×40 + problems 0×20 = 2000 ÷ 100 = 20.
    assert (b.total, b.rank) == (D("20.00"), 2)
    lines = {line["indicator"]: line for line in b.explanation}
    assert lines["investment_completion"] == {"indicator": "investment_completion", "label": "投资完成率",
                                              "value": "50.00", "weight": "40.00", "effective_weight": "40.00",
                                              "contribution": "20.00"}
    # Units: 工信局 investment 100, no letter due → letters' weight goes to investment: 100.
    # 交通局 investment 50, its one letter answered late → 0: (50×50 + 0×50) ÷ 100 = 25.
    units = dict(Score.objects.filter(run=run, group="responsible").values_list("unit__name", "total"))
    assert units == {"县工业和信息化局": D("100.00"), "县交通运输局": D("25.00")}
    unit_a = Score.objects.get(run=run, unit=w.unit)
    assert [(x["indicator"], x["effective_weight"]) for x in unit_a.explanation] == [
        ("investment_completion", "100.00"), ("letters_on_time", None)]
    event = AuditEvent.objects.get(action="quarterly.score")
    assert event.after["quarter"] == "2026Q3" and event.region_code == w.county.code


def test_awards_are_proposed_by_the_method_rules(scored_world):
    w = scored_world
    run = services.score_quarter(w.county, Q3, actor=w.hq, today=TODAY)
    awards = sorted(run.awards.values_list("kind", "name"))
    assert awards == [("progress", w.project.name), ("service", "县工业和信息化局"), ("start", w.project.name)]
    start = run.awards.get(kind="start")
    assert start.reason == "总分100分，开工及时率100（规则：开工及时率不低于100）"


def test_the_same_records_and_method_give_the_same_scores(scored_world):
    w = scored_world
    first = dump(services.score_quarter(w.county, Q3, actor=w.hq, today=TODAY))
    run = services.score_quarter(w.county, Q3, actor=w.hq, today=TODAY)
    assert dump(run) == first
    assert ScoringRun.objects.count() == 1 and run.awards.count() == 3


def test_rescoring_keeps_the_hq_offices_additions_and_removals(scored_world):
    w = scored_world
    run = services.score_quarter(w.county, Q3, actor=w.hq, today=TODAY)
    other = Score.objects.get(run=run, project=w.other)
    services.add_award(w.hq, run, kind="start", score=other, reason="克服征拆困难，已进场施工")
    services.remove_award(w.hq, run.awards.get(kind="progress"), reason="发生安全事故")
    services.score_quarter(w.county, Q3, actor=w.hq, today=TODAY)
    kept = Award.objects.get(run=run, source=Award.Source.MANUAL)
    assert kept.score == Score.objects.get(run=run, project=w.other)
    progress = Award.objects.get(run=run, kind="progress")  # not proposed again
    assert progress.is_removed and progress.score == Score.objects.get(run=run, project=w.project)
    assert run.awards.filter(is_removed=False).count() == 3


def test_a_confirmed_quarter_cannot_be_rescored_and_freezes_its_method(scored_world):
    w = scored_world
    run = services.confirm_run(w.hq, services.score_quarter(w.county, Q3, actor=w.hq, today=TODAY))
    assert run.is_confirmed and run.confirmed_by == w.hq
    assert AuditEvent.objects.filter(action="quarterly.confirm_score", object_id=str(run.pk)).exists()
    with pytest.raises(ValidationError, match="已确认，不能重新评分"):
        services.score_quarter(w.county, Q3, actor=w.hq, today=TODAY)
    with pytest.raises(ValidationError, match="不能再修改"):
        services.update_method(w.hq, w.method, name="新办法", lines=services.default_lines(), award_rules=[])
    copy = services.copy_method(w.hq, w.method)
    assert (copy.year, copy.status, copy.copied_from) == (2027, AssessmentMethod.Status.DRAFT, w.method)
    assert copy.lines.count() == w.method.lines.count()
    services.update_method(w.hq, copy, name="2027年考核办法", lines=services.default_lines(), award_rules=[])
    run.refresh_from_db()
    assert run.method == w.method  # the past quarter keeps the method it was scored with


def test_activating_a_copy_retires_the_method_in_force(scored_world):
    w = scored_world
    copy = services.copy_method(w.hq, w.method, year=2026)
    services.activate_method(w.hq, copy)
    w.method.refresh_from_db()
    assert w.method.status == AssessmentMethod.Status.RETIRED
    assert services.method_in_force(w.county, 2026) == copy
    event = AuditEvent.objects.filter(action="quarterly.method_activate").latest("sequence")
    assert event.object_id == str(copy.pk) and event.after["retired"] == [w.method.pk]
    assert AuditEvent.objects.filter(action="quarterly.method_copy", object_id=str(copy.pk)).exists()


def test_weights_not_summing_to_100_are_refused_in_chinese(scored_world):
    w = scored_world
    lines = [rules.Line("project", "start_on_time", D(60)), rules.Line("project", "reporting_rate", D(30))]
    with pytest.raises(ValidationError) as info:
        services.create_method(w.hq, w.county, 2027, lines=lines, award_rules=[])
    assert info.value.message_dict["lines"] == ["重点项目各项指标权重合计应为100，现为90"]
    assert not AssessmentMethod.objects.filter(year=2027).exists()


def test_only_the_hq_office_scores_and_a_running_quarter_is_refused(scored_world):
    w = scored_world
    with pytest.raises(PermissionDenied):
        services.score_quarter(w.county, Q3, actor=w.commander, today=TODAY)
    with pytest.raises(ValidationError, match="尚未结束"):
        services.score_quarter(w.county, rules.Quarter(2026, 4), actor=w.hq, today=TODAY)


def test_adding_and_removing_awards_needs_a_reason_and_is_audited(scored_world):
    w = scored_world
    run = services.score_quarter(w.county, Q3, actor=w.hq, today=TODAY)
    other = Score.objects.get(run=run, project=w.other)
    with pytest.raises(ValidationError) as info:
        services.add_award(w.hq, run, kind="service", score=other, reason="")
    assert info.value.message_dict == {"kind": ["服务奖不能授予重点项目"], "reason": ["请填写增补理由"]}
    award = run.awards.get(kind="start")
    with pytest.raises(ValidationError, match="请填写撤销理由"):
        services.remove_award(w.hq, award, reason=" ")
    services.remove_award(w.hq, award, reason="发生安全生产事故，取消评奖资格")
    award.refresh_from_db()
    assert award.is_removed and award.removed_by == w.hq
    event = AuditEvent.objects.get(action="quarterly.award_remove")
    assert event.after == {"is_removed": True, "removed_reason": "发生安全生产事故，取消评奖资格"}


def test_an_uninstalled_indicator_counts_as_not_applicable_with_a_note(scored_world, monkeypatch):
    w = scored_world
    monkeypatch.setitem(indicators.CATALOG, "future", indicators.Indicator(
        "future", "某新指标", frozenset({"project"}), "wumei.nowhere.indicators.future"))
    lines = [rules.Line("project", "start_on_time", D(50)), rules.Line("project", "future", D(50))]
    method = services.create_method(w.hq, w.county, 2026, lines=lines, award_rules=[])
    run = services.score_quarter(w.county, Q3, method=method, actor=w.hq, today=TODAY)
    assert Score.objects.get(run=run, project=w.project).total == D("100.00")
    assert run.notes == ["重点项目：指标“某新指标”未安装，本次不计分，其权重按比例分配给其他指标"]


def test_the_job_scores_the_quarter_just_ended_once(scored_world):
    assert services.score_due_quarter(datetime.date(2026, 9, 20))["quarter"] is None
    first = services.score_due_quarter(datetime.date(2026, 10, 2))
    assert first == {"on": "2026-10-02", "quarter": "2026Q3", "scored": ["430424"], "skipped": []}
    again = services.score_due_quarter(datetime.date(2026, 10, 3))
    assert again["scored"] == [] and again["skipped"] == ["430424"]
    assert ScoringRun.objects.count() == 1
