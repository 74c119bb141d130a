"""Fixtures of 问责's tests: a frozen day, signed-in clients, and issued letters of the world's projects."""

import datetime
import zoneinfo

import pytest

TODAY = datetime.date(2026, 6, 15)
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


@pytest.fixture
def today(time_machine):
    time_machine.move_to(datetime.datetime.combine(TODAY, datetime.time(12), tzinfo=SHANGHAI), tick=False)
    return TODAY


@pytest.fixture
def login(client, world):
    def sign_in(who: str):
        client.force_login(getattr(world, who))
        return client

    return sign_in


def make_letter(project, *, kind="supervision", status="issued", number=3, day=datetime.date(2026, 5, 11)):
    from wumei.dekad.models import Letter

    return Letter.objects.create(
        county=project.county, project=project, kind=kind, dekad=f"{day:%Y-%m}中旬", dekad_start=day, status=status,
        rule="lagging", title=f"关于{project.name}的督办函", body="……", recipient_unit=project.responsible_unit,
        drafted_on=day, issued_on=day if status != "draft" else None, year=day.year,
        number=number if status != "draft" else None,
        doc_number=f"示范重项督〔{day.year}〕{number}号" if status != "draft" else "",
    )


@pytest.fixture
def letter(world):
    return make_letter(world.project)
