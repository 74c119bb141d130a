"""The roll-up on the `city` demo scale (ten counties, 1,700 projects): a city's office sees every county's
figures adding up to its own, a ranking of counties, drill-down to a county; a county's office sees its own."""

import datetime

import pytest
from django.contrib.auth import get_user_model

from wumei.cockpit.figures import figures
from wumei.demo.scales import load_scale
from wumei.org.models import Region, Role, RoleAssignment
from wumei.projects.models import Project

pytestmark = pytest.mark.django_db
ON = datetime.date(2026, 9, 30)


def hq_of(region: Region):
    person = RoleAssignment.objects.filter(role=Role.HQ_OFFICE, region=region).values_list("person__user", flat=True)
    return get_user_model().objects.get(pk=person[0])


def test_a_city_rolls_up_its_counties_and_drills_down_to_each(client):
    scale = load_scale("city", seed=1, today=ON)
    city = Region.objects.get(level=Region.Level.CITY, path__startswith=scale.province.path)
    counties = list(Region.objects.filter(level=Region.Level.COUNTY, parent=city).order_by("code"))
    rolled = figures(city, ON)

    assert len(rolled.counties) == len(counties) == 10
    assert sum(c["planned"] for c in rolled.counties) == rolled.projects["all"]["planned"]
    assert sum(c["started"] for c in rolled.counties) == rolled.projects["all"]["started"]
    for row in rolled.counties[:3]:  # each county's row is that county's own cockpit
        own = figures(Region.objects.get(code=row["code"]), ON)
        assert (row["planned"], row["started"]) == (own.projects["all"]["planned"], own.projects["all"]["started"])
    assert [c["rank"] for c in rolled.counties] == list(range(1, 11))
    rates = [c["completion_percent"] for c in rolled.counties if c["completion_percent"] is not None]
    assert rates == sorted(rates, reverse=True)

    client.force_login(hq_of(city))
    page = client.get(f"/cockpit/?on={ON}").content.decode()
    assert f"{city.name}重点项目驾驶舱" in page and all(c.name in page for c in counties)
    first, second = counties[0], counties[1]
    drilled = client.get(f"/cockpit/?on={ON}&region={first.code}")
    assert drilled.status_code == 200 and f"{first.name}重点项目驾驶舱" in drilled.content.decode()
    # Its figures link to the registry list of that county's projects only.
    assert f'href="/projects/?region={first.code}&amp;overdue=on"' in drilled.content.decode()
    listed = client.get(f"/projects/?region={first.code}")
    assert listed.context["page"].paginator.count == Project.objects.filter(county=first).count() > 0
    page = listed.content.decode()  # the list says so, and keeps the county when another filter is chosen
    assert f"仅显示 <strong>{first.name}</strong> 的项目" in page
    assert f'<input type="hidden" name="region" value="{first.code}">' in page

    client.force_login(hq_of(first))
    assert client.get(f"/cockpit/?on={ON}&region={second.code}").status_code == 404
    assert client.get(f"/cockpit/?on={ON}&region={city.code}").status_code == 404
