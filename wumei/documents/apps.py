from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "wumei.documents"
    verbose_name = "公文"
