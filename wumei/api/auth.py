"""Bearer-token authentication for the API (`Authorization: Bearer <key>`)."""

import datetime

from django.utils import timezone
from ninja.security import HttpBearer

from wumei.api.models import ApiToken
from wumei.api.services import hash_key

# Writing last_used_at on every request would turn every read into a write; once a minute is enough.
TOUCH_INTERVAL = datetime.timedelta(minutes=1)


class ApiTokenAuth(HttpBearer):
    """A valid key of a token that is not revoked, belonging to an active user."""

    def authenticate(self, request, token: str):
        if not token:
            return None
        found = (
            ApiToken.objects.select_related("user")
            .filter(key_hash=hash_key(token.strip()), revoked_at__isnull=True, user__is_active=True)
            .first()
        )
        if found is None:
            return None
        now = timezone.now()
        if found.last_used_at is None or now - found.last_used_at >= TOUCH_INTERVAL:
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        request.user = found.user
        request.api_token = found
        return found.user
