from django.urls import path

from wumei.accountability import views

app_name = "accountability"
urlpatterns = [
    path("", views.case_list, name="case-list"),
    path("new/", views.case_form, name="case-create"),
    path("<int:pk>/", views.case_detail, name="case-detail"),
    path("<int:pk>/edit/", views.case_form, name="case-edit"),
]
