from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "wumei.demo"
    verbose_name = "演示数据"
