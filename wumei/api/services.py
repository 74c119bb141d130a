"""Use cases of API access: issuing and revoking tokens. Each writes its audit event."""

import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

from wumei.api.models import ApiToken
from wumei.audit.services import record

KEY_PREFIX = "wm_"
PREFIX_LENGTH = len(KEY_PREFIX) + 8


def hash_key(key: str) -> str:
    """SHA-256 of the key: keys are 256 random bits, so a fast digest cannot be brute-forced."""
    return hashlib.sha256(key.encode()).hexdigest()


def create_api_token(actor, user, name: str = "") -> tuple[ApiToken, str]:
    """Issue a token for `user`; returns the token and its key, which is never stored and never shown again."""
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken(user=user, name=name.strip(), prefix=key[:PREFIX_LENGTH], key_hash=hash_key(key))
        token.full_clean()
        token.save()
        record(actor, "api_token.create", token,
               after={"user": user.get_username(), "name": token.name, "prefix": token.prefix})
    return token, key


def revoke_api_token(actor, token: ApiToken) -> ApiToken:
    """Revoke a token: from now on it authenticates nobody. Revoking twice changes nothing."""
    with transaction.atomic():
        now = timezone.now()
        if ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=now):
            record(actor, "api_token.revoke", token,
                   before={"revoked_at": None}, after={"revoked_at": now})
        token.refresh_from_db()
    return token
