from django.apps import AppConfig


class CockpitConfig(AppConfig):
    name = "wumei.cockpit"
    verbose_name = "驾驶舱"
