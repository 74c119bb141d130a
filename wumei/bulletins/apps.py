from django.apps import AppConfig


class BulletinsConfig(AppConfig):
    name = "wumei.bulletins"
    verbose_name = "督查通报"

    def ready(self) -> None:
        # Bulletins are official documents wumei.documents renders (.docx / .pdf) in its job worker.
        from wumei.bulletins.documents import register

        register()
