from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "wumei.ops"
    verbose_name = "运维"
