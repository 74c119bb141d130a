from django.apps import AppConfig


class FinancingConfig(AppConfig):
    name = "wumei.financing"
    verbose_name = "政银企融资"
