from django.contrib.auth import views as auth_views
from django.urls import include, path

from wumei.web import hubs, phones, views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("healthz", views.healthz, name="healthz"),
    path("monthly/", hubs.monthly, name="monthly"),
    path("quarterly-review/", hubs.quarterly, name="quarterly"),
    path("people/<int:pk>/phone/", phones.reveal_phone_view, name="reveal-phone"),
    # Second factor, password change and the account pages (wumei/security), named web:….
    path("security/", include("wumei.security.urls")),
]
