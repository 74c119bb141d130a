from django.apps import AppConfig


class PhotosConfig(AppConfig):
    name = "wumei.photos"
    verbose_name = "现场照片"
