from django.apps import AppConfig


class WeeklyConfig(AppConfig):
    name = "wumei.weekly"
    verbose_name = "每周必访"
