from django.urls import path

from wumei.approvals import views

app_name = "approvals"
urlpatterns = [
    path("", views.summary, name="summary"),
    path("project/<int:pk>/", views.project_items, name="project-items"),
    path("project/<int:pk>/new/", views.item_create, name="item-create"),
    path("items/<int:pk>/edit/", views.item_edit, name="item-edit"),
]
