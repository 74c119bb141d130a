from django.apps import AppConfig


class NotifyConfig(AppConfig):
    name = "wumei.notify"
    verbose_name = "消息通知"
