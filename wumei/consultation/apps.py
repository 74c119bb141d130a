from django.apps import AppConfig


class ConsultationConfig(AppConfig):
    name = "wumei.consultation"
    verbose_name = "月度会商"

    def ready(self) -> None:
        # The agenda and the minutes are official documents wumei.documents renders (.docx / .pdf).
        from wumei.consultation.documents import register

        register()
