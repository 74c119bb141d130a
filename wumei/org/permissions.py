"""Who may do what on the organisation pages.

- Readers (ORG_READERS: HQ office, commander, system administrator) read the organisation of their scope.
- Editors (ORG_EDITORS: HQ office, system administrator) keep units, people and their roles.
- Only the system administrator creates login accounts (separation of duties: the HQ office keeps
  people and roles but never sets anybody's password).
- The three separated administrators (三员) — their roles, their person records and their accounts — are
  kept by a superuser only: otherwise the system administrator could make himself, or an account whose
  password he set, auditor, and the HQ office could switch the auditor off by marking him inactive.
- Nobody but a superuser changes his own roles.
"""

from wumei.org.models import Person, Role
from wumei.org.principal import ORG_EDITORS, ORG_READERS, principal_of

ADMIN_ROLES = frozenset({Role.SYS_ADMIN, Role.SEC_ADMIN, Role.AUDITOR})
LOGIN_CREATORS = frozenset({Role.SYS_ADMIN})
FULL_PHONE_VIEWERS = frozenset({Role.HQ_OFFICE, Role.SYS_ADMIN})


def can_read_org(user) -> bool:
    return principal_of(user).has_role(*ORG_READERS)


def can_edit_org(user) -> bool:
    return principal_of(user).has_role(*ORG_EDITORS)


def can_create_logins(user) -> bool:
    return principal_of(user).has_role(*LOGIN_CREATORS)


def sees_full_phone(user) -> bool:
    return principal_of(user).has_role(*FULL_PHONE_VIEWERS)


def assignable_roles(user) -> list[tuple[str, str]]:
    """The roles `user` may hand out: every role for a superuser, the business roles for other editors."""
    if principal_of(user).is_superuser:
        return list(Role.choices)
    return [(value, label) for value, label in Role.choices if value not in ADMIN_ROLES]


def holds_admin_role(person: Person) -> bool:
    return person.roles.filter(role__in=ADMIN_ROLES).exists()


def may_edit_person(user, person: Person) -> bool:
    """Editors keep people, except the three administrators (a superuser's job)."""
    principal = principal_of(user)
    if principal.is_superuser:
        return True
    return can_edit_org(user) and not holds_admin_role(person)


def may_change_roles_of(user, person: Person) -> bool:
    """Editors change other people's roles, never their own."""
    principal = principal_of(user)
    if principal.is_superuser:
        return True
    is_self = principal.person is not None and principal.person.pk == person.pk
    return not is_self and may_edit_person(user, person)


def may_revoke(user, role: str) -> bool:
    return role in {value for value, _ in assignable_roles(user)}


def may_create_login_for(user, person: Person) -> bool:
    """A login for a person without one; accounts of the three administrators are a superuser's job."""
    if person.user_id is not None or not can_create_logins(user):
        return False
    return principal_of(user).is_superuser or not holds_admin_role(person)


def mask_phone(phone: str) -> str:
    """`13812341234` → `138****1234`: the first three and last four digits stay, the middle is hidden."""
    text = (phone or "").strip()
    if not text:
        return ""
    if len(text) <= 7:
        return "*" * len(text)
    return f"{text[:3]}****{text[-4:]}"
