from django.contrib.auth import views as auth_views
from django.shortcuts import redirect

from wumei.ops import views as ops_views
from wumei.security import flow
from wumei.security.forms import SignInForm


class LoginView(auth_views.LoginView):
    """User name and password; then, through wumei.security.flow, the second factor and forced changes."""

    template_name = "web/login.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        return flow.begin_sign_in(self.request, form.get_user(), self.get_success_url())


def home(request):
    if not request.user.is_authenticated:
        return redirect("web:login")
    return redirect("projects:project-list")


# The health check lives with the other operations code (database, disk, queue).
healthz = ops_views.healthz
