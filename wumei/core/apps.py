from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "wumei.core"
    verbose_name = "基础"
