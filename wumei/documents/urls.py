from django.urls import path

from wumei.documents import views

app_name = "documents"
urlpatterns = [
    path("download/", views.download, name="download"),
]
