from django.apps import AppConfig


class BulletinsConfig(AppConfig):
    name = "wumei.bulletins"
    verbose_name = "督查通报"
