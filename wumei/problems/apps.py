from django.apps import AppConfig


class ProblemsConfig(AppConfig):
    name = "wumei.problems"
    verbose_name = "问题办理"
