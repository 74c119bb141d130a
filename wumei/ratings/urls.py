from django.urls import path

from wumei.ratings import views

app_name = "ratings"
urlpatterns = [
    path("", views.round_list, name="round-list"),
    path("new/", views.round_create, name="round-create"),
    path("<int:pk>/edit/", views.round_edit, name="round-edit"),
    path("<int:pk>/rate/", views.rate_list, name="rate-list"),
    path("<int:pk>/rate/<int:post>/", views.rate, name="rate"),
    path("<int:pk>/results/", views.results, name="results"),
    path("<int:pk>/results/<int:post>/", views.post_results, name="post-results"),
    path("posts/", views.post_list, name="post-list"),
    path("posts/new/", views.post_form, name="post-create"),
    path("posts/<int:pk>/edit/", views.post_form, name="post-edit"),
]
