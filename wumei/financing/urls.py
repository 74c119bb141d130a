from django.urls import path

from wumei.financing import views

app_name = "financing"
urlpatterns = [
    path("", views.request_list, name="request-list"),
    path("new/", views.request_create, name="request-create"),
    path("monthly/", views.monthly, name="monthly"),
    path("<int:pk>/", views.request_detail, name="request-detail"),
]
