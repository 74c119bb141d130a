from django.apps import AppConfig


class RatingsConfig(AppConfig):
    name = "wumei.ratings"
    verbose_name = "百企评百岗"
