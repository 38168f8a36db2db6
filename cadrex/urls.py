from django.contrib import admin
from django.http import HttpResponse
from django.urls import include, path

from cadrex.competition.decision import terminal_views
from cadrex.competition.hearing import views as hearing_views
from cadrex.home import views as home_views


def healthz(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("", home_views.home, name="home"),
    path("accounts/", include("cadrex.accounts.urls")),
    path("registry/", include("cadrex.registry.urls")),
    path("campaign/", include("cadrex.campaigns.urls")),
    path("competition/", include("cadrex.competition.urls")),
    path("exchange/", include("cadrex.exchange.urls")),
    path("organisation/", include("cadrex.organisation.urls")),
    path("audit/", include("cadrex.home.urls")),
    path("roles/", include("cadrex.home.role_urls")),  # a person's roles and their to-dos
    path("notices/", include("cadrex.notices.urls")),
    path("demo/", include("cadrex.demo.urls")),
    path("notifications/", include("cadrex.notifications.urls")),
    # A juror's personal scoring link: no account, bound to the first device that opens it.
    path("j/<str:token>/", hearing_views.juror_page, name="juror_page"),
    # A committee member's single-use secret-ballot link (A10).
    path("b/<str:token>/", terminal_views.terminal, name="ballot_page"),
    path("admin/", admin.site.urls),
    path("healthz", healthz),
]
