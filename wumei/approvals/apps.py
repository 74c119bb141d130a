from django.apps import AppConfig


class ApprovalsConfig(AppConfig):
    name = "wumei.approvals"
    verbose_name = "审批效能"
