from django.apps import AppConfig


class DekadConfig(AppConfig):
    name = "wumei.dekad"
    verbose_name = "每旬必督"
