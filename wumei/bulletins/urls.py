from django.urls import path

from wumei.bulletins import views

app_name = "bulletins"
urlpatterns = [
    path("", views.bulletin_list, name="bulletin-list"),
    path("draft/", views.bulletin_draft, name="bulletin-draft"),
    path("<int:pk>/", views.bulletin_detail, name="bulletin-detail"),
    path("<int:pk>/edit/", views.bulletin_edit, name="bulletin-edit"),
    path("<int:pk>/issue/", views.bulletin_issue, name="bulletin-issue"),
    path("<int:pk>/refresh/", views.bulletin_refresh, name="bulletin-refresh"),
    path("<int:pk>/download.<str:fmt>", views.bulletin_download, name="bulletin-download"),
]
