from django.apps import AppConfig


class FactorsConfig(AppConfig):
    name = "wumei.factors"
    verbose_name = "要素保障"
