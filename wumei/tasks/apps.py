from django.apps import AppConfig


class TasksConfig(AppConfig):
    name = "wumei.tasks"
    verbose_name = "四张清单"
