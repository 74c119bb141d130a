from django.contrib.auth import views as auth_views
from django.http import JsonResponse
from django.shortcuts import redirect


class LoginView(auth_views.LoginView):
    template_name = "web/login.html"
    redirect_authenticated_user = True


def home(request):
    if not request.user.is_authenticated:
        return redirect("web:login")
    return redirect("projects:project-list")


def healthz(request):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
