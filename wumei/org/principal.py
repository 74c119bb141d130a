"""Who is asking: a signed-in user's person and role assignments, loaded once per request."""

from dataclasses import dataclass, field

from wumei.org.models import Person, Role, RoleAssignment

# Roles that see every project of their region (and the regions below it).
REGION_READERS = {Role.HQ_OFFICE, Role.COMMANDER}
# Roles that keep the registry and the organisation of their region.
REGION_EDITORS = {Role.HQ_OFFICE}
# Roles bound to a unit: they see the unit's projects; liaisons also edit them.
UNIT_READERS = {Role.LIAISON, Role.UNIT_HEAD}
UNIT_EDITORS = {Role.LIAISON}
ORG_READERS = {Role.HQ_OFFICE, Role.COMMANDER, Role.SYS_ADMIN}
ORG_EDITORS = {Role.HQ_OFFICE, Role.SYS_ADMIN}


@dataclass
class Principal:
    user: object
    person: Person | None
    assignments: list[RoleAssignment] = field(default_factory=list)

    @property
    def is_superuser(self) -> bool:
        return bool(getattr(self.user, "is_superuser", False))

    @property
    def roles(self) -> set[str]:
        return {a.role for a in self.assignments}

    def has_role(self, *roles: str) -> bool:
        return self.is_superuser or bool(self.roles.intersection(roles))

    def region_paths(self, roles: set[str]) -> list[str]:
        return [a.region.path for a in self.assignments if a.role in roles]

    def unit_ids(self, roles: set[str]) -> list[int]:
        return [a.unit_id for a in self.assignments if a.role in roles and a.unit_id]

    @property
    def home_region(self):
        if self.assignments:
            return self.assignments[0].region
        return self.person.region if self.person else None


def principal_of(user) -> Principal:
    """The principal for `user`, cached on the user object for the request."""
    cached = getattr(user, "_wumei_principal", None)
    if cached is not None:
        return cached
    if not getattr(user, "is_authenticated", False):
        principal = Principal(user=user, person=None)
    else:
        person = Person.objects.filter(user=user, is_active=True).select_related("region", "unit").first()
        assignments = (
            list(RoleAssignment.objects.filter(person=person).select_related("region", "unit")) if person else []
        )
        principal = Principal(user=user, person=person, assignments=assignments)
    user._wumei_principal = principal
    return principal
