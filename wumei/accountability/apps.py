from django.apps import AppConfig


class AccountabilityConfig(AppConfig):
    name = "wumei.accountability"
    verbose_name = "问责追责"
