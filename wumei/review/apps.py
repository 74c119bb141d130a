from django.apps import AppConfig


class ReviewConfig(AppConfig):
    name = "wumei.review"
    verbose_name = "每季必考"
