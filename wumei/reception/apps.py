from django.apps import AppConfig


class ReceptionConfig(AppConfig):
    name = "wumei.reception"
    verbose_name = "企业家接待日"
