from django.urls import path

from wumei.reception import views

app_name = "reception"
urlpatterns = [
    path("", views.day_list, name="day-list"),
    path("set/", views.day_form, name="day-form"),
    path("<int:pk>/", views.day_detail, name="day-detail"),
    path("<int:pk>/visits/new/", views.visit_create, name="visit-create"),
    path("visits/<int:pk>/answer/", views.visit_answer, name="visit-answer"),
]
