"""`wumei score_quarter` and the review meeting's materials."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from wumei.documents.registry import get_kind
from wumei.documents.render import render
from wumei.quarterly import services
from wumei.quarterly.documents import build_review
from wumei.quarterly.models import ScoringRun
from wumei.quarterly.tests.conftest import Q3, TODAY


def run_command(*args) -> str:
    out = StringIO()
    call_command("score_quarter", *args, stdout=out)
    return out.getvalue()


def test_score_quarter_prints_a_table_and_json_with_every_score_and_award(scored_world):
    text = run_command("--quarter", "2026Q3", "--region", "430424")
    assert "示范县2026年第三季度考核" in text
    assert "1\t轻盐集团年产100万吨纯碱项目\t100\t100\t100\t100" in text
    assert "开工奖\t轻盐集团年产100万吨纯碱项目" in text
    data = json.loads(run_command("--quarter", "2026Q3", "--format", "json"))
    assert data["quarter"] == "2026Q3" and data["status"] == "proposed"
    other = data["groups"]["project"][1]
    assert (other["name"], other["total"], other["rank"]) == ("县城环线公路项目", "20.00", 2)
    assert [x["indicator"] for x in other["explanation"]] == ["start_on_time", "investment_completion",
                                                              "problems_on_time"]
    assert {a["award"] for a in data["awards"]} == {"开工奖", "进度奖", "服务奖"}
    assert ScoringRun.objects.count() == 1  # scored twice, one run


def test_score_quarter_refuses_bad_input_in_chinese(scored_world):
    with pytest.raises(CommandError, match="例如 2026Q3"):
        run_command("--quarter", "2026-3")
    with pytest.raises(CommandError, match="没有区划代码为 999999"):
        run_command("--quarter", "2026Q3", "--region", "999999")
    with pytest.raises(CommandError, match="没有施行中的考核办法"):
        run_command("--quarter", "2025Q3")


def test_the_review_materials_hold_figures_rankings_and_awards(scored_world):
    run = services.score_quarter(scored_world.county, Q3, actor=scored_world.hq, today=TODAY)
    doc = build_review(run.pk)
    assert doc.title == "示范县2026年第三季度重点项目调度讲评会材料" and doc.is_draft
    text = "\n".join([b.text for b in doc.blocks] + ["|".join(r) for b in doc.blocks for r in b.rows])
    assert "本季度新开工项目1个" in text
    # 1350 done of 2400 planned = 56.25%; 序时进度 1800 of 2400 = 75%: 18.75 points behind.
    assert "为年度计划投资2,400万元的56.25%，低于序时进度（75%）18.75个百分点" in text
    assert "1|轻盐集团年产100万吨纯碱项目|100" in text
    assert "拟授予开工奖1个、进度奖1个、服务奖1个" in text
    assert get_kind("quarterly_review").visible_to(scored_world.commander, run.pk)
    assert not get_kind("quarterly_review").visible_to(scored_world.liaison, run.pk)
    data = render(services.confirm_run(scored_world.hq, run) and build_review(run.pk), "docx")
    assert data[:2] == b"PK"
