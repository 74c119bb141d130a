"""Factories for tests (factory_boy). Every test module builds its world from these."""

import datetime
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model

from wumei.org.models import Chain, Person, Region, Role, RoleAssignment, Unit
from wumei.projects.models import AnnualPlan, Project
from wumei.projects.rules import search_key

PASSWORD = "Wumei-test-2026"  # noqa: S105


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"99{n:04d}")
    name = factory.Sequence(lambda n: f"测试县{n}")
    level = Region.Level.COUNTY


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    name = factory.Sequence(lambda n: f"测试单位{n}")
    kind = Unit.Kind.RESPONSIBLE
    region = factory.SubFactory(RegionFactory)


class EnterpriseFactory(UnitFactory):
    name = factory.Sequence(lambda n: f"测试企业{n}有限公司")
    kind = Unit.Kind.ENTERPRISE


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password(PASSWORD)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"张{n}")
    region = factory.SubFactory(RegionFactory)


class ChainFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Chain

    name = factory.Sequence(lambda n: f"产业链{n}")
    region = factory.SubFactory(RegionFactory)


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    name = factory.Sequence(lambda n: f"测试项目{n}")
    county = factory.SubFactory(RegionFactory)
    owner = None
    total_investment = Decimal("10000")
    planned_start_on = datetime.date(2026, 3, 1)
    planned_completion_on = datetime.date(2027, 12, 31)
    search_key = factory.LazyAttribute(lambda o: search_key(o.name, o.owner.name if o.owner else ""))


class AnnualPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AnnualPlan

    project = factory.SubFactory(ProjectFactory)
    year = 2026
    planned_investment = Decimal("3000")


def user_with_role(role: str, region: Region, unit: Unit | None = None, username: str | None = None):
    """A signed-in-able user whose person holds `role` in `region` (and `unit`)."""
    user = UserFactory(username=username or f"{role}_{region.code}_{unit.pk if unit else 0}")
    person = PersonFactory(user=user, region=region, unit=unit)
    RoleAssignment.objects.create(person=person, role=role, region=region, unit=unit)
    return user


__all__ = [
    "PASSWORD", "AnnualPlanFactory", "ChainFactory", "EnterpriseFactory", "PersonFactory", "ProjectFactory",
    "RegionFactory", "Role", "UnitFactory", "UserFactory", "user_with_role",
]
