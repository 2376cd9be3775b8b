from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.static import serve

from tissage.accounts import views as account_views
from tissage.api import api
from tissage.privacy.access import Perm, requires

urlpatterns = [
    path("", account_views.home, name="home"),
    path("sante/", account_views.health, name="health"),
    path("compte/", include("tissage.accounts.urls")),
    path("personnes/", include("tissage.people.urls")),
    path("rapports/", include("tissage.reports.urls")),
    path("repertoire/", include("tissage.directory.urls")),
    path("ressources/", include("tissage.directory.public_urls")),
    path("demandes/", include("tissage.contacts.urls")),
    path("programmes/", include("tissage.programs.urls")),
    path("activites/", include("tissage.activities.urls")),
    path("membres/", include("tissage.members.urls")),
    path("vie-associative/", include("tissage.orglife.urls")),
    path("confidentialite/extractions/", include("tissage.extractions.urls")),
    path("confidentialite/", include("tissage.privacy.urls")),
    path("parametres/vocabulaires/", include("tissage.vocabularies.urls")),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    # Uploaded files (the logo) are served by Django only to signed-in users; behind nginx,
    # the deployment guide maps /media/ with the same rule.
    path(
        "media/<path:path>",
        requires(Perm.SIGNED_IN)(serve),
        {"document_root": settings.MEDIA_ROOT},
        name="media",
    ),
]

handler403 = "tissage.errors.forbidden"
handler404 = "tissage.errors.not_found"
handler500 = "tissage.errors.server_error"
