from django.apps import AppConfig


class QuarterlyConfig(AppConfig):
    name = "wumei.quarterly"
    verbose_name = "每季必考"

    def ready(self) -> None:
        # The review meeting's materials are an official document wumei.documents renders (.docx / .pdf).
        from wumei.quarterly.documents import register

        register()
