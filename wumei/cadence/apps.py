from django.apps import AppConfig


class CadenceConfig(AppConfig):
    name = "wumei.cadence"
    verbose_name = "调度节奏"
