from django.apps import AppConfig


class DekadConfig(AppConfig):
    name = "wumei.dekad"
    verbose_name = "每旬必督"

    def ready(self) -> None:
        # Letters and dispatch orders are official documents wumei.documents renders (.docx / .pdf).
        from wumei.dekad.documents import register

        register()
