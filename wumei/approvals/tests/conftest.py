"""Fixtures of the approval tests: two approval departments in the world's county and a liaison of one."""

import datetime
import zoneinfo

import pytest

TODAY = datetime.date(2026, 6, 30)
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


@pytest.fixture
def today(time_machine):
    time_machine.move_to(datetime.datetime.combine(TODAY, datetime.time(12), tzinfo=SHANGHAI), tick=False)
    return TODAY


@pytest.fixture
def depts(world, today):
    from wumei.org.models import Unit
    from wumei.testing import Role, UnitFactory, user_with_role

    world.nr = UnitFactory(name="县自然资源局", kind=Unit.Kind.APPROVAL, region=world.county)
    world.hc = UnitFactory(name="县住房和城乡建设局", kind=Unit.Kind.APPROVAL, region=world.county)
    world.nr_liaison = user_with_role(Role.LIAISON, world.county, world.nr, username="nr_liaison")
    return world


@pytest.fixture
def login(client, world):
    def sign_in(who: str):
        client.force_login(getattr(world, who))
        return client

    return sign_in


def item(world, project, kind, department, *, applied, approved=None, days=20, steps=(6, 3), materials=(10, 8),
         mode="ordinary", name=""):
    from wumei.approvals.services import create_item

    return create_item(world.hq, project, kind=kind, name=name, department=department, mode=mode,
                       statutory_days=days, statutory_steps=steps[0], actual_steps=steps[1],
                       statutory_materials=materials[0], actual_materials=materials[1], applied_on=applied,
                       approved_on=approved, note="")


@pytest.fixture
def items(depts):
    """Four items (hand-computed working days from the 2026 official calendar):

    - world.project 用地预审 by 自然资源局: 06-01 → 06-05 = 4 days of 20; steps 6→3, materials 10→8.
    - world.project 施工许可 by 住建局: 06-15 → 06-22 = 4 days (19 June, 端午, is off) of 3: late;
      steps 5→2, materials 12→12.
    - world.other 规划许可 by 自然资源局: 04-30 → 05-11 = 5 days (1, 4, 5 May off; Saturday 9 May worked)
      of 20; steps 4→1, materials 6→4; 告知承诺.
    - world.other 立项 by 住建局: applied 06-25, pending.
    """
    d = datetime.date
    w = depts
    return [
        item(w, w.project, "land", w.nr, applied=d(2026, 6, 1), approved=d(2026, 6, 5)),
        item(w, w.project, "construction", w.hc, applied=d(2026, 6, 15), approved=d(2026, 6, 22), days=3,
             steps=(5, 2), materials=(12, 12)),
        item(w, w.other, "planning", w.nr, applied=d(2026, 4, 30), approved=d(2026, 5, 11), steps=(4, 1),
             materials=(6, 4), mode="commitment"),
        item(w, w.other, "project", w.hc, applied=d(2026, 6, 25)),
    ]
