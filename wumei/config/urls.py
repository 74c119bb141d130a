from django.urls import include, path

urlpatterns = [
    path("", include("wumei.web.urls")),
    path("projects/", include("wumei.projects.urls")),
    path("photos/", include("wumei.photos.urls")),
    path("problems/", include("wumei.problems.urls")),
    path("daily/", include("wumei.daily.urls")),
    path("weekly/", include("wumei.weekly.urls")),
    path("tasks/", include("wumei.tasks.urls")),
    path("dekad/", include("wumei.dekad.urls")),
    path("bulletins/", include("wumei.bulletins.urls")),
    path("documents/", include("wumei.documents.urls")),
    path("inbox/", include("wumei.notify.urls")),
    path("org/", include("wumei.org.urls")),
    path("exchange/", include("wumei.exchange.urls")),
    path("calendar/", include("wumei.calendar.urls")),
    path("audit/", include("wumei.audit.urls")),
    path("api/v1/", include("wumei.api.urls")),
]
