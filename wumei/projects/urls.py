from django.urls import path

from wumei.projects import views

app_name = "projects"
urlpatterns = [
    path("", views.project_list, name="project-list"),
    path("new/", views.project_create, name="project-create"),
    path("<int:pk>/", views.project_detail, name="project-detail"),
    path("<int:pk>/edit/", views.project_edit, name="project-edit"),
    path("<int:pk>/stage/", views.project_stage, name="project-stage"),
    path("<int:pk>/milestones/", views.project_milestones, name="project-milestones"),
]
