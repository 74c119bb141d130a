"""Password validators of the password policy (AUTH_PASSWORD_VALIDATORS), with Chinese messages.

Thresholds are read from settings at each call (WUMEI_PASSWORD_*), not fixed when Django builds the
validators once per process, so changing a setting changes the policy.
"""

from pathlib import Path

from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.contrib.auth.password_validation import CommonPasswordValidator as DjangoCommonPasswordValidator
from django.core.exceptions import ValidationError
from django.utils import timezone

from wumei.security.rules import character_classes

# Passwords common in China that Django's (English) list lacks; lower case, one a line.
CHINESE_COMMON_PASSWORDS = Path(__file__).resolve().parent / "common-passwords-cn.txt"


class MinimumLengthValidator:
    """At least WUMEI_PASSWORD_MIN_LENGTH (8) characters."""

    def __init__(self, min_length: int | None = None):
        self._min_length = min_length

    @property
    def min_length(self) -> int:
        return self._min_length or settings.PASSWORD_MIN_LENGTH

    def validate(self, password, user=None):
        if len(password) < self.min_length:
            raise ValidationError(f"密码至少需要 {self.min_length} 个字符", code="password_too_short")

    def get_help_text(self):
        return f"密码至少 {self.min_length} 个字符。"


class CharacterClassesValidator:
    """At least WUMEI_PASSWORD_MIN_CLASSES (3) of: upper case, lower case, digits, symbols."""

    def __init__(self, min_classes: int | None = None):
        self._min_classes = min_classes

    @property
    def min_classes(self) -> int:
        return self._min_classes or settings.PASSWORD_MIN_CLASSES

    def validate(self, password, user=None):
        if character_classes(password) < self.min_classes:
            raise ValidationError(
                f"密码须包含大写字母、小写字母、数字、符号中的至少 {self.min_classes} 类", code="password_too_simple"
            )

    def get_help_text(self):
        return f"须包含大写字母、小写字母、数字、符号中的至少 {self.min_classes} 类。"


class UsernameValidator:
    """The password may not contain the user name (either way round, any case)."""

    # Shorter names would forbid too much ("li" in every password with those two letters).
    MIN_NAME_LENGTH = 3

    def validate(self, password, user=None):
        username = (user.get_username() if user is not None else "") or ""
        if len(username) < self.MIN_NAME_LENGTH:
            return
        lowered = password.lower()
        if username.lower() in lowered or username.lower()[::-1] in lowered:
            raise ValidationError("密码不能包含用户名", code="password_contains_username")

    def get_help_text(self):
        return "不能包含用户名。"


class CommonPasswordValidator(DjangoCommonPasswordValidator):
    """Not among Django's 20,000 common passwords, nor the common Chinese ones of common-passwords-cn.txt."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        with open(CHINESE_COMMON_PASSWORDS, encoding="utf-8") as f:
            self.passwords |= {line.strip().lower() for line in f if line.strip() and not line.startswith("#")}

    def get_error_message(self):
        return "该密码过于常见，容易被猜中，请换一个"

    def get_help_text(self):
        return "不能使用常见密码。"


class PasswordHistoryValidator:
    """The last WUMEI_PASSWORD_HISTORY (5) passwords, the current one included, may not be reused.

    `password_changed` is Django's hook, called whenever a user is saved after `set_password`: it keeps the
    history (hashes only) and the date the password was set, from which it expires.
    """

    def __init__(self, history: int | None = None):
        self._history = history

    @property
    def history(self) -> int:
        return self._history if self._history is not None else settings.PASSWORD_HISTORY

    def recent_hashes(self, user) -> list[str]:
        from wumei.security.models import PasswordHistory

        if not self.history or user is None or user.pk is None:
            return []
        hashes = list(PasswordHistory.objects.filter(user=user).values_list("password", flat=True)[: self.history])
        current = user.password
        if current and current not in hashes:
            hashes = [current, *hashes][: self.history]
        return hashes

    def validate(self, password, user=None):
        if any(check_password(password, encoded) for encoded in self.recent_hashes(user)):
            raise ValidationError(f"新密码不能与最近 {self.history} 次使用过的密码相同", code="password_reused")

    def password_changed(self, password, user=None):
        from wumei.security.models import AccountSecurity, PasswordHistory

        if user is None or user.pk is None:
            return
        now = timezone.now()
        PasswordHistory.objects.create(user=user, password=user.password, created_at=now)
        keep = max(self.history, 1)
        stale = PasswordHistory.objects.filter(user=user).values_list("pk", flat=True)[keep:]
        PasswordHistory.objects.filter(pk__in=list(stale)).delete()
        AccountSecurity.objects.update_or_create(user=user, defaults={"password_changed_at": now})

    def get_help_text(self):
        return f"不能与最近 {self.history} 次使用过的密码相同。"
