from django.urls import path

from wumei.photos import views

app_name = "photos"
urlpatterns = [
    path("<int:pk>/<str:size>.jpg", views.photo_file, name="photo-file"),
]
