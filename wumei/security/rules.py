"""Security rules as pure functions over plain values (the time is passed in)."""

import datetime
import string

# Why a signed-in user must change his password before anything else.
INITIAL = "initial"
EXPIRED = "expired"


def character_classes(password: str) -> int:
    """How many of the four classes a password uses: upper case, lower case, digits, other symbols."""
    return sum([
        any(c in string.ascii_uppercase for c in password),
        any(c in string.ascii_lowercase for c in password),
        any(c in string.digits for c in password),
        any(not (c in string.ascii_letters or c in string.digits) for c in password),
    ])


def password_expired(changed_at: datetime.datetime | None, now: datetime.datetime, max_age_days: int) -> bool:
    """A password expires `max_age_days` after it was set; 0 days, or an unknown date, never expire."""
    if not max_age_days or changed_at is None:
        return False
    return now - changed_at >= datetime.timedelta(days=max_age_days)


def password_change_reason(*, must_change: bool, changed_at: datetime.datetime | None, now: datetime.datetime,
                           max_age_days: int, force_initial_change: bool) -> str | None:
    """INITIAL for a password an administrator set, EXPIRED for an old one, None when it may stay."""
    if must_change and force_initial_change:
        return INITIAL
    if password_expired(changed_at, now, max_age_days):
        return EXPIRED
    return None


def session_too_old(signed_in_at: float, now: float, max_hours: int) -> bool:
    """A session ends `max_hours` after its sign-in however active it is; 0 hours = no limit."""
    return bool(max_hours) and now - signed_in_at >= max_hours * 3600
