from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "wumei.projects"
    verbose_name = "项目库"
