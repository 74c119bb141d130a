"""Channel configuration from WUMEI_* environment variables, read at call time (the worker and tests see changes).

Listed in docs/notifications.md."""

from dataclasses import dataclass

from wumei.config.env import env_bool, env_int, env_list, env_str

# Robot webhooks of the two work-chat services; anything else needs WUMEI_NOTIFY_WEBHOOK_HOSTS
# (a user-entered URL must not make the server call into the intranet).
DEFAULT_WEBHOOK_HOSTS = ["qyapi.weixin.qq.com", "oapi.dingtalk.com"]


@dataclass(frozen=True)
class NotifyConf:
    site_url: str
    smtp_host: str
    smtp_port: int
    smtp_user: str
    smtp_password: str
    smtp_from: str
    smtp_tls: bool
    smtp_ssl: bool
    sms_url: str
    sms_token: str
    webhook_hosts: tuple[str, ...]
    timeout: int
    max_attempts: int
    backoff: int
    backoff_max: int

    @property
    def email_configured(self) -> bool:
        return bool(self.smtp_host)

    @property
    def sms_configured(self) -> bool:
        return bool(self.sms_url)

    @property
    def lease(self) -> int:
        """Seconds a claimed item stays ours: longer than any send can take, so only a crashed worker loses it."""
        return self.timeout * 2 + 60

    def webhook_host_allowed(self, host: str) -> bool:
        return "*" in self.webhook_hosts or (host or "").lower() in self.webhook_hosts


def conf() -> NotifyConf:
    return NotifyConf(
        site_url=env_str("SITE_URL").rstrip("/"),
        smtp_host=env_str("SMTP_HOST"),
        smtp_port=env_int("SMTP_PORT", 25),
        smtp_user=env_str("SMTP_USER"),
        smtp_password=env_str("SMTP_PASSWORD"),
        smtp_from=env_str("SMTP_FROM", "wumei@localhost"),
        smtp_tls=env_bool("SMTP_TLS", False),
        smtp_ssl=env_bool("SMTP_SSL", False),
        sms_url=env_str("SMS_URL"),
        sms_token=env_str("SMS_TOKEN"),
        webhook_hosts=tuple(h.lower() for h in env_list("NOTIFY_WEBHOOK_HOSTS", DEFAULT_WEBHOOK_HOSTS)),
        timeout=env_int("NOTIFY_TIMEOUT", 10),
        max_attempts=env_int("NOTIFY_MAX_ATTEMPTS", 8),
        backoff=env_int("NOTIFY_BACKOFF", 60),
        backoff_max=env_int("NOTIFY_BACKOFF_MAX", 6 * 3600),
    )
