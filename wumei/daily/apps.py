from django.apps import AppConfig


class DailyConfig(AppConfig):
    name = "wumei.daily"
    verbose_name = "每日必盯"
