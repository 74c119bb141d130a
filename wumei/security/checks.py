"""System checks of the level-3 switches: encryption at rest needs a valid key before the server starts."""

from django.core import checks
from django.core.exceptions import ImproperlyConfigured

from wumei.security import fieldcrypt


@checks.register(checks.Tags.security, deploy=False)
def field_key_present(app_configs=None, **kwargs):
    if not fieldcrypt.enabled():
        return []
    try:
        fieldcrypt.key()
    except ImproperlyConfigured as error:
        return [checks.Error(str(error), id="wumei.E001",
                             hint="等保三级（WUMEI_SECURITY_LEVEL=3）或 WUMEI_FIELD_ENCRYPTION=1 时必须设置加密密钥")]
    return []
