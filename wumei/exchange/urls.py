from django.urls import path

from wumei.exchange import views

app_name = "exchange"
urlpatterns = [
    path("import/", views.import_view, name="import"),
    path("export/", views.export_view, name="export"),
]
