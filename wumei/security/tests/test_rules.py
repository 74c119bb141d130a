"""The security rules, without a database."""

import datetime

import pytest

from wumei.security import rules

NOW = datetime.datetime(2026, 11, 27, 9, 0, tzinfo=datetime.UTC)


@pytest.mark.parametrize(("password", "classes"), [
    ("abcdefgh", 1), ("ABCDEFGH", 1), ("12345678", 1), ("!@#$%^&*", 1),
    ("abcdEFGH", 2), ("abcd1234", 2), ("abcd1234!", 3), ("Abcd1234!", 4), ("密码Abc12", 4),
])
def test_character_classes_count_upper_lower_digits_and_symbols(password, classes):
    assert rules.character_classes(password) == classes


def test_a_password_expires_on_its_ninetieth_day():
    changed = NOW - datetime.timedelta(days=90)
    assert rules.password_expired(changed, NOW, 90)
    assert not rules.password_expired(changed + datetime.timedelta(seconds=1), NOW, 90)


def test_no_expiry_without_a_date_or_with_zero_days():
    assert not rules.password_expired(None, NOW, 90)
    assert not rules.password_expired(NOW - datetime.timedelta(days=1000), NOW, 0)


def test_an_initial_password_must_be_changed_before_an_old_one():
    old = NOW - datetime.timedelta(days=200)
    args = {"changed_at": old, "now": NOW, "max_age_days": 90}
    assert rules.password_change_reason(must_change=True, force_initial_change=True, **args) == rules.INITIAL
    assert rules.password_change_reason(must_change=False, force_initial_change=True, **args) == rules.EXPIRED
    assert rules.password_change_reason(must_change=True, force_initial_change=False, **args) == rules.EXPIRED
    fresh = {"changed_at": NOW, "now": NOW, "max_age_days": 90}
    assert rules.password_change_reason(must_change=False, force_initial_change=True, **fresh) is None


def test_a_session_is_too_old_after_twelve_hours():
    start = 1_000_000.0
    assert not rules.session_too_old(start, start + 12 * 3600 - 1, 12)
    assert rules.session_too_old(start, start + 12 * 3600, 12)
    assert not rules.session_too_old(start, start + 100 * 3600, 0)
