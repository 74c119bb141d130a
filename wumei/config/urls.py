from django.urls import include, path

urlpatterns = [
    path("", include("wumei.web.urls")),
    path("projects/", include("wumei.projects.urls")),
    path("org/", include("wumei.org.urls")),
    path("exchange/", include("wumei.exchange.urls")),
    path("calendar/", include("wumei.calendar.urls")),
    path("audit/", include("wumei.audit.urls")),
    path("api/v1/", include("wumei.api.urls")),
]
