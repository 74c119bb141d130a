from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "wumei.api"
    verbose_name = "接口"
