from django.apps import AppConfig


class ExchangeConfig(AppConfig):
    name = "wumei.exchange"
    verbose_name = "数据交换"
