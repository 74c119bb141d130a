from django.urls import path

from wumei.calendar import views

app_name = "calendar"
urlpatterns = [
    path("", views.day_list, name="day-list"),
    path("days/set/", views.day_set, name="day-set"),
    path("days/<str:day>/clear/", views.day_clear, name="day-clear"),
]
