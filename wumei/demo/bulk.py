"""Bulk writing shared by the demo county and the synthetic scales: rows in, parents first, in batches."""

import random
from collections import Counter, defaultdict

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db.models import ProtectedError, Q, RestrictedError

from wumei.demo import data
from wumei.org.models import Chain, Person, Region, RoleAssignment, Unit, WorkingGroup
from wumei.projects.models import (
    AnnualPlan,
    Milestone,
    Progress,
    Project,
    StageChange,
    Team,
)

BATCH = 1000


def _flush_order():
    return [
        ("unit", Unit), ("unit_child", Unit), ("user", get_user_model()), ("person", Person),
        ("role", RoleAssignment), ("chain", Chain), ("chain_deputy", Chain.deputies.through),
        ("group", WorkingGroup), ("group_member", WorkingGroup.members.through), ("project", Project),
        ("plan", AnnualPlan), ("stage_change", StageChange), ("milestone", Milestone), ("progress", Progress),
        ("team", Team), ("team_member", Team.members.through),
    ]


class Sink:
    """Rows waiting to be written, by kind; `flush` writes them parents first, in batches."""

    def __init__(self) -> None:
        self.rows: dict[str, list] = defaultdict(list)
        self.counts: Counter = Counter()

    def add(self, key: str, obj):
        self.rows[key].append(obj)
        return obj

    def flush(self) -> None:
        for key, model in _flush_order():
            objs = self.rows.pop(key, [])
            if objs:
                model.objects.bulk_create(objs, batch_size=BATCH)
                self.counts[key] += len(objs)
        assert not self.rows, f"unknown row kinds: {sorted(self.rows)}"  # a programming error in the demo builder  # nosec B101


def ensure_regions(specs: list[tuple[str, str, str, str | None]]) -> dict[str, Region]:
    """Create or adjust regions given as (code, name, level, parent code), parents listed first."""
    codes = [code for code, *_ in specs]
    have = {r.code: r for r in Region.objects.filter(code__in=codes).select_related("parent")}
    out: dict[str, Region] = {}
    for code, name, level, parent_code in specs:
        parent = out.get(parent_code) if parent_code else None
        if parent_code and parent is None:
            parent = Region.objects.get(code=parent_code)
        path = (parent.path if parent else "/") + code + "/"
        region = have.get(code)
        if region is None:
            region = Region(code=code, name=name, level=level, parent=parent, path=path)
            region.save()
        elif (region.name, region.level, region.parent_id, region.path) != (name, level, parent and parent.pk, path):
            old_path = region.path
            region.name, region.level, region.parent, region.path = name, level, parent, path
            Region.objects.filter(pk=region.pk).update(name=name, level=level, parent=parent, path=path)
            # Regions below keep their place in the tree: rewrite their paths' prefix.
            for child in Region.objects.filter(path__startswith=old_path).exclude(pk=region.pk):
                Region.objects.filter(pk=child.pk).update(path=path + child.path[len(old_path):])
        out[code] = region
    return out


def purge(qs, depth: int = 0) -> None:
    """Delete `qs`, first deleting whatever protects its rows (rows of other apps pointing at demo data)."""
    try:
        qs.delete()
    except (ProtectedError, RestrictedError) as exc:
        if depth > 6:
            raise
        blockers = exc.protected_objects if isinstance(exc, ProtectedError) else exc.restricted_objects
        by_model: dict[type, list] = defaultdict(list)
        for obj in blockers:
            by_model[type(obj)].append(obj.pk)
        for model, pks in by_model.items():
            purge(model._base_manager.filter(pk__in=pks), depth + 1)
        purge(qs, depth + 1)


def purge_region_data(path: str) -> None:
    """Delete every project, chain, group, role, person and unit of the regions under `path` (not the regions)."""
    below = {"region__path__startswith": path}
    purge(Project.objects.filter(county__path__startswith=path))
    purge(WorkingGroup.objects.filter(**below))
    purge(Chain.objects.filter(**below))
    purge(RoleAssignment.objects.filter(Q(**below) | Q(unit__region__path__startswith=path)))
    purge(Person.objects.filter(**below))
    purge(Unit.objects.filter(**below))


def attach_logins(sink: Sink, holders: dict[str, Person], warnings: list[str], encoded: str | None = None) -> set[str]:
    """Give each holder a login named `username`, all with the demo password (hashed once: argon2 is slow
    on purpose, and these are demo accounts with one shared, printed password).

    An existing account of that name is reused (its password reset) unless it belongs to someone else.
    """
    User = get_user_model()
    encoded = encoded or make_password(data.DEMO_PASSWORD)
    existing = {u.username: u for u in User.objects.filter(username__in=list(holders))}
    taken = set(Person.objects.filter(user__in=existing.values()).values_list("user_id", flat=True))
    linked: set[str] = set()
    reused = []
    for username, person in holders.items():
        user = existing.get(username)
        if user is None:
            user = sink.add("user", User(username=username, password=encoded))
        elif user.pk in taken:
            warnings.append(f"账号 {username} 已属于其他人员，未用于演示")
            continue
        else:
            user.password, user.is_active = encoded, True
            reused.append(user)
        person.user = user
        linked.add(username)
    if reused:
        User.objects.bulk_update(reused, ["password", "is_active"])
    return linked


class NameMaker:
    """Unique fictional Chinese personal names."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set()

    def __call__(self) -> str:
        while True:
            given = self.rng.choice(data.GIVEN_CHARS)
            if self.rng.random() < 0.6:
                given += self.rng.choice(data.GIVEN_CHARS)
            name = self.rng.choice(data.SURNAMES) + given
            if name not in self.used:
                self.used.add(name)
                return name


def phone(rng: random.Random) -> str:
    return f"138{rng.randrange(10**8):08d}"


_CREDIT_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


def credit_code(rng: random.Random, region_code: str) -> str:
    """A well-formed but fictional unified social credit code (GB 32100), in a fictional region."""
    body = "91" + region_code[:6].ljust(6, "0") + "".join(rng.choice(_CREDIT_CHARS[:10]) for _ in range(9))
    total = sum(_CREDIT_CHARS.index(c) * w for c, w in zip(body, _CREDIT_WEIGHTS, strict=True))
    return body + _CREDIT_CHARS[(31 - total % 31) % 31]
