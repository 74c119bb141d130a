from django.apps import AppConfig


class SecurityConfig(AppConfig):
    name = "wumei.security"
    label = "security"
    verbose_name = "账号安全"

    def ready(self):
        from wumei.security import checks, signals  # noqa: F401 — checks register themselves

        signals.connect()
