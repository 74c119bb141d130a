"""The demo's bulletins: one per past dekad drafted from the data of its cut-off, all but the latest issued,
numbered in order within each year; deterministic and written once."""

import datetime
import random

import pytest

from wumei.bulletins import demo
from wumei.bulletins.models import Bulletin

TODAY = datetime.date(2026, 6, 16)


@pytest.fixture
def seeded(db):
    from wumei.dekad import demo as dekad_demo
    from wumei.demo.builder import load_demo
    from wumei.tasks import demo as tasks_demo

    result = load_demo(seed=1, today=TODAY, history=True)
    # No-ops where the loader already ran them.
    tasks_demo.seed(result.county, TODAY, random.Random(4))
    dekad_demo.seed(result.county, TODAY, random.Random(5))
    demo.seed(result.county, TODAY, random.Random(6))
    return result.county


def test_each_past_dekad_has_its_bulletin_and_all_but_the_latest_are_issued_in_order(seeded):
    bulletins = list(Bulletin.objects.filter(county=seeded).order_by("dekad_start"))
    days = demo.draft_days(TODAY, {2026})
    assert len(bulletins) == len(days) >= 11  # the daily history: 120 days
    assert [b.dekad_start for b in bulletins] == [dekad_start(day) for day in days]
    assert bulletins[0].dekad_start >= TODAY - datetime.timedelta(days=130)
    assert bulletins[-1].is_draft and bulletins[-1].dekad_label == "2026-06上旬"
    issued = [b for b in bulletins if not b.is_draft]
    assert len(issued) >= len(bulletins) - 2
    assert [b.number for b in issued] == list(range(1, len(issued) + 1))
    assert issued[0].doc_number == "示范重项通〔2026〕1号"
    assert all(b.issued_on > b.cutoff_on and b.issued_on < TODAY for b in issued)


def test_a_dekad_of_a_year_without_plans_gets_no_demo_bulletin():
    days = demo.draft_days(datetime.date(2027, 1, 16), {2027})
    assert [dekad_start(day) for day in days] == [datetime.date(2027, 1, 1)]


def test_the_bulletins_figures_are_those_of_their_cut_off(seeded):
    bulletins = {b.dekad_label: b for b in Bulletin.objects.filter(county=seeded)}
    assert bulletins["2026-04下旬"].snapshot["schedule"] == "33.3"  # 4/12 on 30 April
    assert bulletins["2026-05上旬"].snapshot["schedule"] == "33.3"
    assert bulletins["2026-05下旬"].snapshot["schedule"] == "41.7"
    bulletins = list(bulletins.values())
    assert all(b.snapshot["investment"]["total"]["projects"] > 0 for b in bulletins)
    assert all(any(u["on_time"] for u in b.snapshot["units"]) for b in bulletins)
    assert any(b.snapshot["letters"]["total"]["issued"] for b in bulletins)
    assert any(b.snapshot["lagging"] for b in bulletins)
    assert any(b.comments.get("lagging") for b in bulletins if not b.is_draft)
    totals = [int(b.snapshot["start_completion"]["total"]["projects"]) for b in bulletins]
    assert min(totals) > 0


def test_the_bulletins_are_written_once(seeded):
    count = Bulletin.objects.count()
    assert demo.seed(seeded, TODAY, random.Random(6)) == {"bulletins": 0, "bulletins_issued": 0}
    assert Bulletin.objects.count() == count


def dekad_start(day):
    from wumei.calendar.rules import dekad_of

    return dekad_of(day).previous().start
