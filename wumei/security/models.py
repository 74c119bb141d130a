from django.conf import settings
from django.db import models


class AccountSecurity(models.Model):
    """The security state of one login account: password age, forced change, demo mark.

    A user without a row has no known password date (accounts written in bulk, such as the demo's, or
    test fixtures): his password does not expire and nothing forces him to change it. Accounts created or
    reset through the services, and every password set with `set_password`, get a row.
    """

    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name="账号", primary_key=True,
                                on_delete=models.CASCADE, related_name="security")
    password_changed_at = models.DateTimeField("密码修改时间", null=True, blank=True)
    # Set when an administrator creates the account or resets its password: the holder changes it first.
    must_change_password = models.BooleanField("须修改初始密码", default=False)
    # Accounts written by the demo loader: usable only while WUMEI_DEMO is on.
    is_demo = models.BooleanField("演示账号", default=False)

    class Meta:
        verbose_name = "账号安全状态"
        verbose_name_plural = "账号安全状态"

    def __str__(self) -> str:
        return str(self.user)


class PasswordHistory(models.Model):
    """A password an account had (its hash only), so the last N are not reused."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="账号", on_delete=models.CASCADE,
                             related_name="password_history")
    password = models.CharField("密码摘要", max_length=128)
    created_at = models.DateTimeField("设置时间", db_index=True)

    class Meta:
        verbose_name = "历史密码"
        verbose_name_plural = "历史密码"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.user} {self.created_at:%Y-%m-%d}"
