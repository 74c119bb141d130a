"""Security pages; included by wumei/web/urls.py, so their names are in the `web` namespace."""

from django.urls import path

from wumei.security import views

urlpatterns = [
    path("otp/", views.otp_verify, name="otp-verify"),
    path("otp/enrol/", views.otp_enrol, name="otp-enrol"),
    path("password/", views.password_change, name="password-change"),
    path("accounts/", views.account_list, name="account-list"),
    path("accounts/<int:pk>/", views.account_detail, name="account-detail"),
    path("accounts/<int:pk>/disable/", views.account_disable, name="account-disable"),
    path("accounts/<int:pk>/enable/", views.account_enable, name="account-enable"),
    path("accounts/<int:pk>/unlock/", views.account_unlock, name="account-unlock"),
    path("accounts/<int:pk>/reset-2fa/", views.account_reset_two_factor, name="account-reset-2fa"),
    path("accounts/<int:pk>/reset-password/", views.account_reset_password, name="account-reset-password"),
]
