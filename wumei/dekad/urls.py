from django.urls import path

from wumei.dekad import views

app_name = "dekad"
urlpatterns = [
    path("", views.home, name="home"),
    path("run/", views.round_run, name="round-run"),
    path("letters/", views.letter_list, name="letter-list"),
    path("letters/<int:pk>/", views.letter_detail, name="letter-detail"),
    path("letters/<int:pk>/edit/", views.letter_edit, name="letter-edit"),
    path("letters/<int:pk>/attachments/<int:attachment>/", views.letter_attachment, name="letter-attachment"),
    path("letters/<int:pk>/<slug:action>/", views.letter_act, name="letter-act"),
    path("settings/", views.settings_page, name="settings"),
    path("reminders/", views.reminder_list, name="reminder-list"),
    path("orders/", views.order_list, name="order-list"),
    path("orders/new/", views.order_form, name="order-create"),
    path("orders/<int:pk>/", views.order_detail, name="order-detail"),
    path("orders/<int:pk>/edit/", views.order_form, name="order-edit"),
    path("orders/<int:pk>/<slug:action>/", views.order_act, name="order-act"),
    path("projects/<int:pk>/monthly-plan/", views.monthly_plan, name="monthly-plan"),
    path("counts/", views.counts, name="counts"),
]
