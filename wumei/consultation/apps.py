from django.apps import AppConfig


class ConsultationConfig(AppConfig):
    name = "wumei.consultation"
    verbose_name = "月度会商"
