"""Synthetic scales: the shape of the demo, at volume, with an hq_office account per region."""

from django.contrib.auth import get_user_model

from wumei.demo.scales import SCALES, build_scale, spread
from wumei.demo.tests.helpers import TODAY
from wumei.org.models import Person, Region, Unit
from wumei.projects.models import AnnualPlan, Progress, Project, Team
from wumei.projects.queries import projects_visible_to
from wumei.projects.rules import search_key


def test_spread_splits_totals_evenly():
    assert spread(20_000, 120) == [167] * 80 + [166] * 40
    assert sum(spread(5_000, 120)) == 5_000


def test_the_province_scale_has_the_benchmark_size():
    spec = SCALES["province"]
    assert (spec.projects, spec.counties, spec.cities, spec.units, spec.people) == (20_000, 120, 14, 5_000, 20_000)


def test_small_scale_fills_every_county(db):
    result = build_scale(counties=3, projects_per_county=20, seed=1, cities=2, today=TODAY)

    province = result.province
    counties = Region.objects.filter(path__startswith=province.path, level=Region.Level.COUNTY)
    assert counties.count() == 3
    assert Region.objects.filter(path__startswith=province.path, level=Region.Level.CITY).count() == 2
    projects = Project.objects.filter(county__path__startswith=province.path)
    assert projects.count() == 60
    assert AnnualPlan.objects.filter(project__in=projects).count() == 60
    assert Progress.objects.filter(project__in=projects).count() == 60
    assert Team.objects.filter(project__in=projects).count() == 60
    assert not projects.filter(owner__isnull=True).exists()
    assert not projects.filter(responsible_unit__isnull=True).exists()
    assert not projects.filter(lead_leader__isnull=True).exists()
    assert not projects.filter(work_plan="").exists()
    sample = projects.select_related("owner").first()
    assert sample.search_key == search_key(sample.name, sample.owner.name)
    for county in counties:
        assert Unit.objects.filter(region__path__startswith=county.path).count() >= 42
        assert Person.objects.filter(region=county).count() == 167


def test_each_region_has_an_hq_office_account_seeing_its_projects(db):
    result = build_scale(counties=3, projects_per_county=20, seed=1, cities=2, today=TODAY)

    users = {u.username: u for u in get_user_model().objects.all()}
    for county in Region.objects.filter(path__startswith=result.province.path, level=Region.Level.COUNTY):
        visible = projects_visible_to(users[f"hq_{county.code}"])
        assert visible.count() == 20 and not visible.exclude(county=county).exists()
    for city in Region.objects.filter(path__startswith=result.province.path, level=Region.Level.CITY):
        expected = Project.objects.filter(county__path__startswith=city.path).count()
        assert projects_visible_to(users[f"hq_{city.code}"]).count() == expected > 0
    assert projects_visible_to(users[f"hq_{result.province.code}"]).count() == 60
    assert {a.username for a in result.accounts} == {n for n in users if n.startswith("hq_")}


def test_a_scale_loads_once_and_reloads_on_reset(db):
    build_scale(counties=2, projects_per_county=5, seed=1, today=TODAY)

    again = build_scale(counties=2, projects_per_county=5, seed=1, today=TODAY)
    assert not again.created
    assert Project.objects.count() == 10

    reset = build_scale(counties=2, projects_per_county=5, seed=2, today=TODAY, reset=True)
    assert reset.created
    assert Project.objects.count() == 10
    assert get_user_model().objects.filter(username__startswith="hq_").count() == 4


def test_same_seed_gives_the_same_scale(db):
    build_scale(counties=1, projects_per_county=8, seed=5, today=TODAY)
    first = list(Project.objects.order_by("code").values_list("name", "total_investment", "stage", "owner__name"))
    build_scale(counties=1, projects_per_county=8, seed=5, today=TODAY, reset=True)
    assert list(Project.objects.order_by("code").values_list("name", "total_investment", "stage",
                                                              "owner__name")) == first
