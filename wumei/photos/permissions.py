"""Who may see a photo's GPS position (a restricted field): the HQ office and discipline inspectors."""

from wumei.org.models import Role
from wumei.org.principal import principal_of


def can_see_gps(user) -> bool:
    return principal_of(user).has_role(Role.HQ_OFFICE, Role.INSPECTOR)
