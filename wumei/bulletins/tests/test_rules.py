"""The bulletin's figures, checked against values computed by hand (no database).

The county as of 2026-04-30 (序时进度 4/12 = 33.3%):

| project | level | unit | plan kind | plan | done | dates |
|---|---|---|---|---|---|---|
| 项目A | 省 | 1 | 新开工 | 3000 | 951 | start planned 03-01, actual 03-10; 2 overdue tasks |
| 项目B | 市 | 1 | 续建 | 1000 | 500 | completion planned 2026-06-30; 1 overdue problem |
| 项目C | 县 | 2 | 新开工 | 2000 | 0 | start planned 04-10, not started; 1 overdue problem |
| 项目D | 县 | 2 | 竣工投产 | 600 | 200 | completion planned 04-20, actual 04-25 |
| 项目E | 县 | — | 预备 | — | — | start planned 09-01 |
| 项目F | 县 | 1 | 续建 | 300 | 100 | |
| 项目G | 县 | 2 | 续建 | — | — | completion planned 03-31, started, not completed |
"""

import datetime
from decimal import Decimal

import pytest

from wumei.bulletins import rules
from wumei.bulletins.rules import LetterRow, ProblemRow, ProjectRow, TaskRow

D = datetime.date
CUTOFF = D(2026, 4, 30)
START = D(2026, 4, 21)
U1, U2 = "县工业和信息化局", "县交通运输局"

A = ProjectRow(1, "项目A", "provincial", 1, U1, "new_start", Decimal(3000), Decimal(951), D(2026, 3, 1), D(2026, 3, 10),
               D(2027, 12, 31), None, "started", overdue_tasks=2)
B = ProjectRow(2, "项目B", "municipal", 1, U1, "continuing", Decimal(1000), Decimal(500), D(2025, 5, 1), D(2025, 5, 1),
               D(2026, 6, 30), None, "started", overdue_problems=1)
C = ProjectRow(3, "项目C", "county", 2, U2, "new_start", Decimal(2000), Decimal(0), D(2026, 4, 10), None,
               D(2027, 6, 30), None, "siting", overdue_problems=1)
DD = ProjectRow(4, "项目D", "county", 2, U2, "completing", Decimal(600), Decimal(200), D(2025, 3, 1), D(2025, 3, 5),
                D(2026, 4, 20), D(2026, 4, 25), "operating")
E = ProjectRow(5, "项目E", "county", None, "", "preparatory", None, None, D(2026, 9, 1), None, D(2028, 1, 1), None,
               "planning")
F = ProjectRow(6, "项目F", "county", 1, U1, "continuing", Decimal(300), Decimal(100), D(2024, 1, 1), D(2024, 1, 1),
               D(2027, 1, 1), None, "started")
G = ProjectRow(7, "项目G", "county", 2, U2, "continuing", None, None, D(2025, 1, 1), D(2025, 1, 1), D(2026, 3, 31),
               None, "started")
PROJECTS = [A, B, C, DD, E, F, G]


# Percentages and the sentence --------------------------------------------------------------------------------------

def test_schedule_is_completed_months_over_twelve_at_the_edges():
    assert rules.schedule_percent(D(2026, 4, 30)) == Decimal("33.3")
    assert rules.schedule_percent(D(2026, 4, 29)) == Decimal("25.0")  # April not yet over
    assert rules.schedule_percent(D(2026, 1, 10)) == Decimal("0.0")
    assert rules.schedule_percent(D(2026, 12, 31)) == Decimal("100.0")
    assert rules.schedule_percent(D(2028, 2, 29)) == Decimal("16.7")  # leap day ends February


@pytest.mark.parametrize(("rate", "schedule", "text"), [
    ("31.7", "33.3", "完成年度计划的31.7%，低于序时进度1.6个百分点"),
    ("50.0", "33.3", "完成年度计划的50%，高于序时进度16.7个百分点"),
    ("33.3", "33.3", "完成年度计划的33.3%，与序时进度持平"),
    ("10.0", "0.0", "完成年度计划的10%，高于序时进度10个百分点"),
])
def test_the_schedule_sentence_as_county_reports_write_it(rate, schedule, text):
    assert rules.schedule_text(Decimal(rate), Decimal(schedule)) == text


def test_the_gap_is_taken_between_the_printed_one_decimal_figures():
    # 316.5 of 1000 = 31.65% prints as 31.7; 33.3 − 31.7 = 1.6 (the exact 33.33… − 31.65 = 1.68 would print 1.7)
    rate = rules.percent(Decimal("316.5"), Decimal(1000))
    assert rate == Decimal("31.7") and rules.gap_points(rate, rules.schedule_percent(CUTOFF)) == Decimal("1.6")
    assert rules.percent(1, 0) is None
    assert rules.pct_text(None) == "—" and rules.pct_text("100.0") == "100"


def test_competition_ranks_share_a_rank_on_ties_and_skip_the_next():
    values = [Decimal(50), Decimal("33.3"), Decimal("33.3"), Decimal("31.7"), None]
    assert rules.competition_ranks(values) == [1, 2, 2, 4, None]


# Started and completed ---------------------------------------------------------------------------------------------

def test_projects_started_and_completed_by_level_and_in_total():
    figures = rules.start_completion(PROJECTS, CUTOFF)
    keys = ("projects", "due_start", "started", "start_rate", "started_in_year", "due_complete", "completed",
            "completion_rate", "completed_in_year")
    rows = {row["label"]: tuple(row[k] for k in keys) for row in [*figures["levels"], figures["total"]]}
    assert rows == {
        "省重点": (1, 1, 1, "100.0", 1, 0, 0, None, 0),
        "市重点": (1, 0, 0, None, 0, 1, 0, "0.0", 0),
        "县重点": (5, 2, 0, "0.0", 0, 2, 1, "50.0", 1),  # due to start C, E; due to complete D, G
        "合计": (7, 3, 1, "33.3", 1, 3, 1, "33.3", 1),
    }


def test_an_operating_project_without_a_completion_date_counts_as_completed():
    row = ProjectRow(1, "x", plan_kind="completing", stage="operating")
    assert rules.start_completion([row], CUTOFF)["total"]["completed"] == 1


# Investment --------------------------------------------------------------------------------------------------------

def test_investment_completed_against_the_plan_and_the_schedule():
    inv = rules.investment(PROJECTS, CUTOFF)
    assert (inv["schedule"], inv["months"]) == ("33.3", 4)
    total = inv["total"]
    # 951 + 500 + 0 + 200 + 100 = 1751 of 3000 + 1000 + 2000 + 600 + 300 = 6900 → 25.38% → 25.4
    assert (total["projects"], total["plan"], total["done"], total["rate"], total["gap"]) == (
        5, "6900.0000", "1751.0000", "25.4", "7.9")
    assert total["text"] == "完成年度计划的25.4%，低于序时进度7.9个百分点"
    levels = {row["label"]: (row["plan"], row["done"], row["rate"], row["text"]) for row in inv["levels"]}
    assert levels == {
        "省重点": ("3000.0000", "951.0000", "31.7", "完成年度计划的31.7%，低于序时进度1.6个百分点"),
        "市重点": ("1000.0000", "500.0000", "50.0", "完成年度计划的50%，高于序时进度16.7个百分点"),
        "县重点": ("2900.0000", "300.0000", "10.3", "完成年度计划的10.3%，低于序时进度23个百分点"),
    }


# Rankings ----------------------------------------------------------------------------------------------------------

def test_projects_ranked_by_investment_completion_with_ties_sharing_a_rank():
    ranked = rules.rank_projects(PROJECTS, CUTOFF)
    assert [(r["rank"], r["name"], r["rate"], r["gap"], r["behind"]) for r in ranked] == [
        (1, "项目B", "50.0", "-16.7", False),
        (2, "项目D", "33.3", "0.0", False),
        (2, "项目F", "33.3", "0.0", False),
        (4, "项目A", "31.7", "1.6", True),
        (5, "项目C", "0.0", "33.3", True),
    ]
    assert ranked[0]["unit"] == U1 and ranked[0]["plan"] == "1000.0000"


def test_units_ranked_by_their_projects_completion_and_by_daily_on_time_rate():
    units = rules.rank_units(PROJECTS, CUTOFF, {1: Decimal("90.0"), 2: Decimal("95.5")})
    assert [(u["rank"], u["name"], u["projects"], u["plan"], u["done"], u["rate"], u["gap"], u["behind_projects"],
             u["on_time"], u["on_time_rank"]) for u in units] == [
        # 951 + 500 + 100 = 1551 of 4300 → 36.07%; 200 of 2600 → 7.69%
        (1, U1, 3, "4300.0000", "1551.0000", "36.1", "-2.8", 1, "90.0", 2),
        (2, U2, 3, "2600.0000", "200.0000", "7.7", "25.6", 1, "95.5", 1),
    ]


def test_a_unit_without_a_plan_or_daily_figures_is_ranked_last_without_a_rate():
    rows = [A, ProjectRow(9, "项目Z", unit_id=3, unit="县文旅局")]
    units = rules.rank_units(rows, CUTOFF)
    assert [(u["name"], u["rank"], u["rate"], u["on_time"], u["on_time_rank"]) for u in units] == [
        (U1, 1, "31.7", None, None), ("县文旅局", None, None, None, None)]


# Lagging -----------------------------------------------------------------------------------------------------------

def test_lagging_projects_are_named_with_their_reasons_seriously_lagging_first():
    lagging = rules.lagging_projects(PROJECTS, CUTOFF)
    assert [(row["name"], row["serious"], row["reasons"]) for row in lagging] == [
        ("项目C", True, ["计划2026年4月10日开工，已逾期20天仍未开工", "完成年度计划的0%，低于序时进度33.3个百分点",
                        "困难问题逾期未解决1个"]),
        ("项目A", False, ["完成年度计划的31.7%，低于序时进度1.6个百分点", "清单任务逾期未完成2项"]),
        ("项目G", False, ["计划2026年3月31日竣工投产，已逾期30天仍未竣工投产"]),
    ]


def test_seriously_lagging_follows_the_supervision_threshold():
    # 项目A: 951 of the 1000 expected by 30 April = 95.1%: seriously lagging only under a 96% threshold.
    assert rules.lag_reasons(A, CUTOFF, Decimal(95))[1] is False
    assert rules.lag_reasons(A, CUTOFF, Decimal(96))[1] is True


def test_a_project_on_the_planned_start_day_is_not_yet_overdue():
    row = ProjectRow(1, "x", planned_start_on=CUTOFF)
    assert rules.lag_reasons(row, CUTOFF)[0] == []
    late = ProjectRow(1, "x", planned_start_on=CUTOFF - datetime.timedelta(days=1))
    assert rules.lag_reasons(late, CUTOFF)[0] == ["计划2026年4月29日开工，已逾期1天仍未开工"]


def test_lagging_units_are_those_below_the_schedule():
    units = rules.rank_units(PROJECTS, CUTOFF)
    assert rules.lagging_units(units) == [{
        "id": 2, "name": U2, "rate": "7.7", "gap": "25.6",
        "text": "负责重点项目3个，完成年度计划的7.7%，低于序时进度25.6个百分点，其中1个项目低于序时进度",
    }]


# Letters, tasks, problems ------------------------------------------------------------------------------------------

LETTERS = [
    LetterRow("reminder", "answered", D(2026, 4, 22), D(2026, 4, 25)),
    LetterRow("assignment", "answered", D(2026, 4, 5), D(2026, 4, 28)),
    LetterRow("assignment", "issued", D(2026, 4, 23)),
    LetterRow("supervision", "closed", D(2026, 3, 15), D(2026, 3, 20)),
    LetterRow("supervision", "withdrawn", D(2026, 4, 29)),
    LetterRow("reminder", "issued", D(2026, 5, 2)),  # after the cut-off
    LetterRow("supervision", "answered", D(2026, 4, 30), D(2026, 5, 3)),  # answered after the cut-off
    LetterRow("reminder", "draft", None),
]


def test_letters_issued_and_answered_in_the_dekad_and_the_year_and_still_awaited():
    figures = rules.letters(LETTERS, START, CUTOFF)
    keys = ("issued", "answered", "issued_year", "answered_year", "awaiting")
    assert {row["label"]: tuple(row[k] for k in keys) for row in [*figures["kinds"], figures["total"]]} == {
        "提醒函": (1, 1, 1, 1, 0),
        "交办函": (1, 1, 2, 1, 1),
        "督办函": (1, 0, 2, 1, 1),
        "合计": (3, 2, 5, 3, 2),
    }


def test_tasks_as_of_the_cut_off():
    rows = [
        TaskRow("open", D(2026, 4, 20)),  # overdue
        TaskRow("done", D(2026, 4, 10), D(2026, 4, 12)),  # done
        TaskRow("done", D(2026, 5, 10), D(2026, 5, 2)),  # not yet done then, not yet due
        TaskRow("cancelled", D(2026, 3, 1)),  # off the lists
        TaskRow("open", D(2026, 5, 15)),
        TaskRow("done", D(2026, 4, 25), D(2026, 5, 1)),  # overdue then, done later
    ]
    assert rules.tasks(rows, CUTOFF) == {"total": 5, "done": 1, "overdue": 2, "done_rate": "20.0"}


def test_problems_collected_in_the_year_and_solved_by_the_cut_off():
    rows = [ProblemRow(D(2026, 1, 5), D(2026, 1, 20)), ProblemRow(D(2026, 4, 28)),
            ProblemRow(D(2025, 12, 30), D(2026, 1, 3)), ProblemRow(D(2026, 3, 1), D(2026, 5, 2)),
            ProblemRow(D(2026, 5, 1))]
    assert rules.problems(rows, CUTOFF) == {"collected": 3, "solved": 1, "solved_rate": "33.3"}


# The snapshot ------------------------------------------------------------------------------------------------------

def test_the_snapshot_is_plain_json_of_the_figures():
    import json

    snapshot = rules.compose(county="示范县", dekad_label="2026-04下旬", start=START, end=CUTOFF, projects=PROJECTS,
                             on_time={1: Decimal("90.0")}, letter_rows=LETTERS)
    assert json.loads(json.dumps(snapshot)) == snapshot
    assert (snapshot["cutoff"], snapshot["schedule"], snapshot["dekad"]) == (
        "2026-04-30", "33.3", {"label": "2026-04下旬", "start": "2026-04-21", "end": "2026-04-30"})
    assert [row["name"] for row in snapshot["lagging"]] == ["项目C", "项目A", "项目G"]
    assert snapshot["letters"]["total"]["issued"] == 3


def test_a_project_not_yet_due_to_start_is_not_behind_on_its_investment():
    later = ProjectRow(1, "x", plan_kind="new_start", annual_plan=Decimal(1000), year_done=Decimal(0),
                       planned_start_on=D(2026, 9, 1))
    assert rules.lag_reasons(later, CUTOFF) == ([], False, None)
    # …but it still ranks by its completion rate.
    assert rules.rank_projects([later], CUTOFF)[0]["rate"] == "0.0"
    started_early = ProjectRow(2, "y", annual_plan=Decimal(1000), year_done=Decimal(100),
                               planned_start_on=D(2026, 9, 1), actual_start_on=D(2026, 4, 1))
    assert rules.lag_reasons(started_early, CUTOFF)[0] == ["完成年度计划的10%，低于序时进度23.3个百分点"]
