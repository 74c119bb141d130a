"""The registry's pure rules: search keys, date consistency, stage moves, overdue. No database."""

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pypinyin import lazy_pinyin

from wumei.projects import rules
from wumei.projects.models import Stage
from wumei.projects.rules import (
    DateFacts,
    date_errors,
    is_backward,
    is_overdue,
    normalise_query,
    search_key,
    stage_change_error,
)

D = datetime.date
TODAY = D(2026, 6, 15)


def facts(planned_start=None, actual_start=None, planned_completion=None, actual_completion=None) -> DateFacts:
    return DateFacts(planned_start, actual_start, planned_completion, actual_completion)


# search_key ----------------------------------------------------------------------------------------------------

def test_search_key_holds_full_pinyin_and_initials_of_name_and_owner():
    key = search_key("纯碱项目", "轻盐集团")
    assert key.split() == ["chunjianxiangmu", "cjxm", "qingyanjituan", "qyjt"]


def test_search_key_lowers_latin_letters_and_keeps_digits():
    assert search_key("ABC年产100万吨") == "abcnianchan100wandun abcnc100wd"


def test_search_key_skips_missing_texts():
    assert search_key("", "轻盐") == "qingyan qy"
    assert search_key() == ""


def test_search_key_reads_polyphones_in_context():
    # 重 in 重庆 is chong; pypinyin's phrase dictionary decides, the initials follow the full reading.
    assert search_key("重庆").split() == ["chongqing", "cq"]


@pytest.mark.parametrize(("typed", "needle"), [(" QYJT ", "qyjt"), ("qing yan", "qingyan"), ("轻 盐", "轻盐")])
def test_normalise_query_drops_spaces_and_case(typed, needle):
    assert normalise_query(typed) == needle


@given(st.text(alphabet="轻盐集团纯碱项目重点县城环线公路长沙乐行", min_size=1, max_size=12))
def test_every_chinese_character_gives_one_initial_and_a_lower_case_syllable(name):
    full, initials = search_key(name).split()
    syllables = lazy_pinyin(name)
    assert len(initials) == len(name)
    assert initials.isascii() and initials.islower()
    assert full == "".join(syllables) and full.islower()
    assert all(syllable.startswith(letter) for syllable, letter in zip(syllables, initials, strict=True))


# date_errors ---------------------------------------------------------------------------------------------------

def test_consistent_dates_have_no_errors():
    assert date_errors(facts(D(2026, 1, 1), D(2026, 1, 5), D(2026, 12, 31), None), TODAY) == {}
    assert date_errors(facts(), TODAY) == {}


def test_planned_completion_may_equal_planned_start_but_not_precede_it():
    assert date_errors(facts(D(2026, 3, 1), None, D(2026, 3, 1)), TODAY) == {}
    assert date_errors(facts(D(2026, 3, 1), None, D(2026, 2, 28)), TODAY) == {
        "planned_completion_on": "计划竣工投产时间不能早于计划开工时间"
    }


def test_only_planned_completion_without_planned_start_is_fine():
    assert date_errors(facts(None, None, D(2020, 1, 1)), TODAY) == {}


def test_actual_start_may_be_today_but_not_tomorrow():
    assert date_errors(facts(actual_start=TODAY), TODAY) == {}
    assert date_errors(facts(actual_start=TODAY + datetime.timedelta(days=1)), TODAY) == {
        "actual_start_on": "实际开工时间不能晚于今天"
    }


def test_actual_completion_in_the_future_is_refused_first():
    errors = date_errors(facts(actual_completion=D(2026, 6, 16)), TODAY)
    assert errors == {"actual_completion_on": "实际竣工投产时间不能晚于今天"}


def test_actual_completion_needs_an_actual_start():
    assert date_errors(facts(actual_completion=D(2026, 6, 1)), TODAY) == {
        "actual_completion_on": "填写实际竣工投产时间前，请先填写实际开工时间"
    }


def test_actual_completion_not_before_actual_start_but_same_day_is_fine():
    assert date_errors(facts(None, D(2026, 5, 1), None, D(2026, 5, 1)), TODAY) == {}
    assert date_errors(facts(None, D(2026, 5, 1), None, D(2026, 4, 30)), TODAY) == {
        "actual_completion_on": "实际竣工投产时间不能早于实际开工时间"
    }


def test_several_errors_are_reported_together():
    errors = date_errors(facts(D(2026, 5, 1), D(2026, 7, 1), D(2026, 4, 1), None), TODAY)
    assert set(errors) == {"planned_completion_on", "actual_start_on"}


# stages --------------------------------------------------------------------------------------------------------

def test_stage_moves_forward_freely_even_skipping_stages():
    assert stage_change_error(Stage.PLANNING, Stage.OPERATING, "") is None
    assert not is_backward(Stage.PLANNING, Stage.OPERATING)


def test_staying_on_the_same_stage_is_not_backward():
    assert stage_change_error(Stage.STARTED, Stage.STARTED, "") is None


def test_first_stage_of_a_new_project_is_not_backward():
    assert not is_backward("", Stage.PLANNING)
    assert stage_change_error("", Stage.OPERATING, "") is None


@pytest.mark.parametrize("reason", ["", "   ", "\n"])
def test_moving_back_needs_a_reason(reason):
    assert stage_change_error(Stage.STARTED, Stage.SIGNING, reason) == (
        "项目阶段从「落地开工」退回「谈判签约」，必须填写原因"
    )


def test_moving_back_with_a_reason_is_allowed():
    assert stage_change_error(Stage.OPERATING, Stage.PLANNING, "项目重新包装") is None


def test_unknown_stage_is_refused():
    assert stage_change_error(Stage.PLANNING, "flying", "") == '无效的项目阶段 "flying"'


# is_overdue ----------------------------------------------------------------------------------------------------

def test_not_started_after_the_planned_start_is_overdue_from_the_next_day():
    assert not is_overdue(facts(planned_start=TODAY), Stage.SITING, TODAY)
    assert is_overdue(facts(planned_start=TODAY - datetime.timedelta(days=1)), Stage.SITING, TODAY)


def test_started_project_is_not_overdue_to_start():
    assert not is_overdue(facts(D(2026, 1, 1), D(2026, 3, 1), D(2027, 1, 1)), Stage.STARTED, TODAY)


def test_not_completed_after_the_planned_completion_is_overdue():
    assert is_overdue(facts(D(2025, 1, 1), D(2025, 1, 1), D(2026, 6, 14)), Stage.STARTED, TODAY)
    assert not is_overdue(facts(D(2025, 1, 1), D(2025, 1, 1), D(2026, 6, 15)), Stage.STARTED, TODAY)


def test_completed_or_operating_project_is_not_overdue_to_complete():
    assert not is_overdue(facts(D(2025, 1, 1), D(2025, 1, 1), D(2026, 1, 1), D(2026, 2, 1)), Stage.STARTED, TODAY)
    assert not is_overdue(facts(D(2025, 1, 1), D(2025, 1, 1), D(2026, 1, 1)), Stage.OPERATING, TODAY)


def test_project_without_planned_dates_is_never_overdue():
    assert not is_overdue(facts(), Stage.PLANNING, TODAY)


@pytest.mark.parametrize(
    ("planned", "actual", "expected"),
    [
        (datetime.date(2026, 5, 1), datetime.date(2026, 5, 1), rules.MilestoneState.DONE_ON_TIME),
        (datetime.date(2026, 5, 1), datetime.date(2026, 5, 2), rules.MilestoneState.DONE_LATE),
        (datetime.date(2026, 5, 1), None, rules.MilestoneState.LATE),
        (datetime.date(2026, 6, 1), None, rules.MilestoneState.NOT_DUE),
        (datetime.date(2026, 5, 31), None, rules.MilestoneState.NOT_DUE),  # due today is not late yet
    ],
)
def test_milestone_state(planned, actual, expected):
    assert rules.milestone_state(planned, actual, datetime.date(2026, 5, 31)) == expected
