from django.urls import path

from wumei.quarterly import views

app_name = "quarterly"
urlpatterns = [
    path("", views.home, name="home"),
    path("score/", views.quarter_score, name="quarter-score"),
    path("methods/new/", views.method_create, name="method-create"),
    path("methods/<int:pk>/", views.method_detail, name="method-detail"),
    path("methods/<int:pk>/edit/", views.method_edit, name="method-edit"),
    path("methods/<int:pk>/<slug:action>/", views.method_act, name="method-act"),
    path("<str:code>/<str:quarter>/", views.quarter_detail, name="quarter-detail"),
    path("<str:code>/<str:quarter>/<slug:action>/", views.quarter_act, name="quarter-act"),
]
