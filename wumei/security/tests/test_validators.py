"""Password policy: length, classes, user name, common passwords, history — Chinese messages."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from wumei.security.models import AccountSecurity, PasswordHistory
from wumei.testing import UserFactory


def messages_for(password, user=None) -> list[str]:
    try:
        validate_password(password, user=user)
    except ValidationError as error:
        return error.messages
    return []


def test_a_strong_password_passes(db):
    assert messages_for("Qingyan-2026-zb", UserFactory(username="zhangsan")) == []


def test_shorter_than_eight_characters_is_refused(db):
    assert "密码至少需要 8 个字符" in messages_for("Ab1!xyz")
    assert not any("字符" in m for m in messages_for("Ab1!xyzw"))


def test_the_minimum_length_follows_the_setting(db, settings):
    settings.PASSWORD_MIN_LENGTH = 12
    assert "密码至少需要 12 个字符" in messages_for("Ab1!xyzwvu")


@pytest.mark.parametrize("password", ["abcdefghij", "abcdefgh12", "ABCDEFGH!!", "qwertyuiopasdf"])
def test_fewer_than_three_classes_are_refused(db, password):
    assert "密码须包含大写字母、小写字母、数字、符号中的至少 3 类" in messages_for(password)


def test_the_number_of_classes_follows_the_setting(db, settings):
    assert messages_for("Zhuanban-Qingyan") == []
    settings.PASSWORD_MIN_CLASSES = 4
    assert "密码须包含大写字母、小写字母、数字、符号中的至少 4 类" in messages_for("Zhuanban-Qingyan")


def test_a_password_containing_the_user_name_is_refused(db):
    user = UserFactory(username="zhangsan")
    assert "密码不能包含用户名" in messages_for("ZhangSan-2026!", user)
    assert "密码不能包含用户名" in messages_for("x-nasgnahz-2026-X", user)
    assert messages_for("Lisi-2026-abc!", user) == []


@pytest.mark.parametrize("password", ["Password123", "P@ssw0rd", "Admin@123", "Woaini1314", "Qwer@1234"])
def test_common_passwords_are_refused(db, password):
    assert "该密码过于常见，容易被猜中，请换一个" in messages_for(password)


def test_setting_a_password_keeps_its_hash_and_date(db):
    user = UserFactory(username="zhangsan")
    user.set_password("First-pass-01")
    user.save()
    history = PasswordHistory.objects.get(user=user)
    assert history.password == user.password and "First-pass-01" not in history.password
    assert AccountSecurity.objects.get(user=user).password_changed_at is not None


def test_the_last_five_passwords_may_not_be_reused(db):
    user = UserFactory(username="zhangsan")
    passwords = [f"Rotation-{n}-Aa" for n in range(6)]
    for password in passwords:
        user.set_password(password)
        user.save()
    assert PasswordHistory.objects.filter(user=user).count() == 5
    for recent in passwords[1:]:
        assert "新密码不能与最近 5 次使用过的密码相同" in messages_for(recent, user), recent
    assert messages_for(passwords[0], user) == []  # the sixth-last is allowed again


def test_the_current_password_counts_even_without_history(db):
    from wumei.testing import PASSWORD

    user = UserFactory(username="zhangsan")  # hash written directly: no history row
    assert "新密码不能与最近 5 次使用过的密码相同" in messages_for(PASSWORD, user)


def test_history_can_be_switched_off(db, settings):
    settings.PASSWORD_HISTORY = 0
    user = UserFactory(username="zhangsan")
    user.set_password("Rotation-0-Aa")
    user.save()
    assert messages_for("Rotation-0-Aa", user) == []
