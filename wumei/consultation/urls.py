from django.urls import path

from wumei.consultation import views

app_name = "consultation"
urlpatterns = [
    path("", views.consultation_list, name="consultation-list"),
    path("open/", views.consultation_open, name="consultation-open"),
    path("<int:pk>/", views.consultation_detail, name="consultation-detail"),
    path("<int:pk>/draft/", views.agenda_draft, name="agenda-draft"),
    path("<int:pk>/meeting/", views.meeting_edit, name="meeting-edit"),
    path("<int:pk>/items/new/", views.item_add, name="item-add"),
    path("<int:pk>/attendance/new/", views.attendee_add, name="attendee-add"),
    path("<int:pk>/decisions/new/", views.decision_create, name="decision-create"),
    path("items/<int:pk>/edit/", views.item_edit, name="item-edit"),
    path("items/<int:pk>/<slug:action>/", views.item_act, name="item-act"),
    path("attendance/<int:pk>/delete/", views.attendee_remove, name="attendee-remove"),
]
