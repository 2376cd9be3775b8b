"""The public site of the directory. The project's urls.py mounts it at /ressources/:
    path("ressources/", include("tissage.directory.public_urls")),
(namespace "public_directory")."""

from django.urls import path

from tissage.directory.views import public, update_public

app_name = "public_directory"
urlpatterns = [
    path("", public.search_page, name="search"),
    path("imprimer/", public.print_list, name="print"),
    path("envoyer/", public.email_results, name="email"),
    path("services/<uuid:pk>/", public.service_page, name="service"),
    path("services/<uuid:pk>/signaler/", public.report_problem, name="report"),
    path("mise-a-jour/<str:token>/", update_public.update_page, name="update"),
]
