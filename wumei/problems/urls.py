from django.urls import path

from wumei.problems import views

app_name = "problems"
urlpatterns = [
    path("", views.problem_list, name="problem-list"),
    path("new/", views.problem_create, name="problem-create"),
    path("stats/", views.problem_stats, name="problem-stats"),
    path("ladder/", views.ladder, name="ladder"),
    path("<int:pk>/", views.problem_detail, name="problem-detail"),
    path("<int:pk>/rate/", views.problem_rate, name="problem-rate"),
    path("<int:pk>/photos/<int:photo>/<str:size>.jpg", views.problem_photo, name="problem-photo"),
    path("<int:pk>/<slug:action>/", views.problem_act, name="problem-act"),
]
