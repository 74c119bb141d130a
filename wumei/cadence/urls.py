from django.urls import path

from wumei.cadence import views

app_name = "cadence"
urlpatterns = [
    path("", views.run_list, name="run-list"),
    path("runs/<int:pk>/", views.run_detail, name="run-detail"),
    path("schedule/", views.schedule, name="schedule"),
]
