"""Use cases of the organisation: regions, units, people, roles. Each writes its audit event."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction

from wumei.audit.services import record, snapshot
from wumei.org.models import Chain, Person, Region, Role, RoleAssignment, Unit, WorkingGroup
from wumei.org.permissions import ADMIN_ROLES


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
        record(actor, f"{name}.{'update' if before else 'create'}", obj, before=before, after=after,
               region_code=_region_code(obj))
    return obj


def _region_code(obj) -> str:
    if isinstance(obj, Region):
        return obj.code
    region = getattr(obj, "region", None)
    return region.code if region is not None else ""


def _is_m2m(model, field_name: str) -> bool:
    return any(f.name == field_name for f in model._meta.many_to_many)


def assign_role(actor, person: Person, role: str, region: Region, unit: Unit | None = None) -> RoleAssignment:
    """Give a person a role. The three administrators are separate (三员分立): nobody holds two of them."""
    with transaction.atomic():
        if role in ADMIN_ROLES:
            # Lock the person so two administrator roles handed out at once cannot both pass the check.
            Person.objects.select_for_update().filter(pk=person.pk).first()
            held = set(RoleAssignment.objects.filter(person=person, role__in=ADMIN_ROLES)
                       .exclude(role=role).values_list("role", flat=True))
            if held:
                labels = "、".join(sorted(Role(r).label for r in held))
                raise ValidationError({"role": f"三员分立：{person.name}已担任{labels}，不能再担任{Role(role).label}"})
        assignment, created = RoleAssignment.objects.get_or_create(person=person, role=role, region=region, unit=unit)
        if created:
            record(actor, "role.assign", assignment, after=snapshot(assignment), region_code=region.code)
    return assignment


def revoke_role(actor, assignment: RoleAssignment) -> None:
    with transaction.atomic():
        before = snapshot(assignment)
        record(actor, "role.revoke", assignment, before=before, region_code=assignment.region.code)
        assignment.delete()


def create_login(actor, person: Person, username: str, password: str) -> object:
    """Give a person a login account (password hashed with argon2). The administrator chose the password,
    so its holder must change it at his first sign-in."""
    from wumei.security.services import require_password_change

    User = get_user_model()
    with transaction.atomic():
        user = User.objects.create_user(username=username, password=password)
        require_password_change(user)
        person.user = user
        person.save(update_fields=["user"])
        record(actor, "user.create", user, after={"username": username, "person": person.pk},
               region_code=person.region.code)
    return user


_LEVEL_DEPTH = {level: depth for depth, level in enumerate(Region.Level.values)}


def save_region_in_tree(actor, data: dict, region: Region | None = None) -> Region:
    """Create or change a region so the tree stays sound: a region sits below a region of a higher level,
    and once it has sub-regions its code and parent stay fixed (their materialised paths hang on them)."""
    parent = data.get("parent", region.parent if region else None)
    level = data.get("level", region.level if region else "")
    errors = {}
    if parent is not None and level in _LEVEL_DEPTH and _LEVEL_DEPTH[level] <= _LEVEL_DEPTH.get(parent.level, -1):
        errors["level"] = f"上级区划「{parent.name}」为{parent.get_level_display()}，本区划的层级必须低于它"
    if region is not None and region.pk and region.children.exists():
        if "code" in data and data["code"] != region.code:
            errors["code"] = "该区划已有下级区划，不能修改区划代码"
        if "parent" in data and data["parent"] != region.parent:
            errors["parent"] = "该区划已有下级区划，不能修改上级区划"
    if region is not None and parent is not None and parent.path.startswith(region.path):
        errors["parent"] = "上级区划不能是本区划或其下级区划"
    if errors:
        raise ValidationError(errors)
    return save_region(actor, data, region)
