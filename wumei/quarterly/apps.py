from django.apps import AppConfig


class QuarterlyConfig(AppConfig):
    name = "wumei.quarterly"
    verbose_name = "每季必考"
