from django.urls import path

from wumei.daily import views

app_name = "daily"
urlpatterns = [
    path("", views.home, name="home"),
    path("mine/", views.mine, name="mine"),
    path("projects/<int:pk>/report/", views.report_form, name="report-form"),
    path("projects/<int:pk>/unchanged/", views.report_unchanged, name="report-unchanged"),
    path("projects/<int:pk>/reports/", views.project_reports, name="project-reports"),
    path("reports/<int:pk>/", views.report_detail, name="report-detail"),
    path("overview/", views.overview, name="overview"),
    path("compliance/", views.compliance, name="compliance"),
    path("units/<int:unit_id>/", views.unit_calendar, name="unit-calendar"),
    path("digest/", views.digest, name="digest"),
]
