from django.urls import path

from wumei.notify import views

app_name = "notify"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<int:pk>/open/", views.open_message, name="message-open"),
    path("read-all/", views.read_all, name="read-all"),
]
