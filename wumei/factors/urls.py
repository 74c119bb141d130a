from django.urls import path

from wumei.factors import views

app_name = "factors"
urlpatterns = [
    path("", views.request_list, name="request-list"),
    path("new/", views.request_create, name="request-create"),
    path("land/", views.land_cleanup, name="land-cleanup"),
    path("<int:pk>/", views.request_detail, name="request-detail"),
    path("<int:pk>/<slug:action>/", views.request_act, name="request-act"),
]
