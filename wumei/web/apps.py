from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "wumei.web"
    verbose_name = "页面框架"
