from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "wumei.org"
    verbose_name = "组织机构"
