"""Use cases of the organisation: regions, units, people, roles. Each writes its audit event."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

from wumei.audit.services import record, snapshot
from wumei.org.models import Chain, Person, Region, RoleAssignment, Unit, WorkingGroup


def home_county() -> Region:
    """The installation's home county (WUMEI_HOME_COUNTY_*), created on first use."""
    region = Region.objects.filter(code=settings.HOME_COUNTY_CODE).first()
    if region is None:
        with transaction.atomic():
            region, created = Region.objects.get_or_create(
                code=settings.HOME_COUNTY_CODE,
                defaults={"name": settings.HOME_COUNTY_NAME, "level": Region.Level.COUNTY},
            )
            if created:
                record(None, "region.create", region, after=snapshot(region), note="首次使用时创建本县")
    return region


def save_region(actor, data: dict, region: Region | None = None) -> Region:
    return _save(actor, Region, "region", data, region)


def save_unit(actor, data: dict, unit: Unit | None = None) -> Unit:
    """Create or change a unit (any kind)."""
    return _save(actor, Unit, "unit", data, unit)


def save_person(actor, data: dict, person: Person | None = None) -> Person:
    return _save(actor, Person, "person", data, person)


def save_chain(actor, data: dict, chain: Chain | None = None) -> Chain:
    return _save(actor, Chain, "chain", data, chain)


def save_working_group(actor, data: dict, group: WorkingGroup | None = None) -> WorkingGroup:
    return _save(actor, WorkingGroup, "working_group", data, group)


def _save(actor, model, name: str, data: dict, obj=None):
    m2m = {k: data.pop(k) for k in list(data) if _is_m2m(model, k)}
    with transaction.atomic():
        before = snapshot(obj) if obj is not None else None
        if obj is None:
            obj = model(**data)
        else:
            for key, value in data.items():
                setattr(obj, key, value)
        obj.full_clean()
        obj.save()
        for key, values in m2m.items():
            getattr(obj, key).set(values)
        after = snapshot(obj)
        after.update({k: sorted(v.pk for v in values) for k, values in m2m.items()})
        record(actor, f"{name}.{'update' if before else 'create'}", obj, before=before, after=after)
    return obj


def _is_m2m(model, field_name: str) -> bool:
    return any(f.name == field_name for f in model._meta.many_to_many)


def assign_role(actor, person: Person, role: str, region: Region, unit: Unit | None = None) -> RoleAssignment:
    with transaction.atomic():
        assignment, created = RoleAssignment.objects.get_or_create(person=person, role=role, region=region, unit=unit)
        if created:
            record(actor, "role.assign", assignment, after=snapshot(assignment))
    return assignment


def revoke_role(actor, assignment: RoleAssignment) -> None:
    with transaction.atomic():
        before = snapshot(assignment)
        record(actor, "role.revoke", assignment, before=before)
        assignment.delete()


def create_login(actor, person: Person, username: str, password: str) -> object:
    """Give a person a login account (password hashed with argon2)."""
    User = get_user_model()
    with transaction.atomic():
        user = User.objects.create_user(username=username, password=password)
        person.user = user
        person.save(update_fields=["user"])
        record(actor, "user.create", user, after={"username": username, "person": person.pk})
    return user
