"""Who may do what on the account-security pages (三员分立).

- The security administrator keeps the security policy: he disables and enables accounts, lifts lock-outs
  and resets two-factor devices.
- The system administrator keeps accounts: he creates them (organisation pages) and resets passwords.
- Both read the accounts of their regions with their state; neither acts on himself, and the accounts of
  the three administrators and of superusers are a superuser's job (as on the organisation pages: otherwise
  the security administrator could switch the auditor off).
"""

from wumei.org.models import Role, RoleAssignment
from wumei.org.permissions import ADMIN_ROLES
from wumei.org.principal import principal_of

ACCOUNT_READERS = frozenset({Role.SEC_ADMIN, Role.SYS_ADMIN})


def can_read_accounts(user) -> bool:
    return principal_of(user).has_role(*ACCOUNT_READERS)


def can_keep_security(user) -> bool:
    return principal_of(user).has_role(Role.SEC_ADMIN)


def can_reset_passwords(user) -> bool:
    return principal_of(user).has_role(Role.SYS_ADMIN)


def is_administrator(user) -> bool:
    """One of the three administrators (or a superuser): shorter idle limit, two-factor sign-in."""
    return principal_of(user).has_role(*ADMIN_ROLES)


def may_act_on(user, target) -> bool:
    if user.pk == target.pk:
        return False
    if principal_of(user).is_superuser:
        return True
    if target.is_superuser:
        return False
    return not RoleAssignment.objects.filter(person__user=target, role__in=ADMIN_ROLES).exists()
