from django.urls import path

from wumei.api.api import api

urlpatterns = [path("", api.urls)]
