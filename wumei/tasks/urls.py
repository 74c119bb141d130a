from django.urls import path

from wumei.tasks import views

app_name = "tasks"
urlpatterns = [
    path("", views.task_list, name="task-list"),
    path("new/", views.task_create, name="task-create"),
    path("project/<int:pk>/", views.project_lists, name="project-lists"),
    path("<int:pk>/", views.task_detail, name="task-detail"),
    path("<int:pk>/edit/", views.task_edit, name="task-edit"),
    path("<int:pk>/<slug:action>/", views.task_act, name="task-act"),
]
