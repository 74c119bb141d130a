from django.urls import path

from wumei.cockpit import views

app_name = "cockpit"
urlpatterns = [
    path("", views.home, name="home"),
    path("screen/", views.screen, name="screen"),
    path("export/<slug:table>.xlsx", views.export_table, name="export"),
    path("statistics/", views.statistics, name="statistics"),
    path("statistics/import/", views.statistics_import, name="statistics-import"),
]
