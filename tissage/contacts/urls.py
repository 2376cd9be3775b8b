from django.urls import path

from tissage.contacts import views
from tissage.contacts.views import importing

app_name = "contacts"
urlpatterns = [
    path("", views.index, name="index"),
    path("nouvelle/", views.entry, name="entry"),
    path("services/", views.service_suggestions, name="service_suggestions"),
    path("repertoire/", views.directory_panel, name="directory_panel"),
    path("importer/", importing.upload, name="import"),
]
urlpatterns.append(path("importer/erreurs/", importing.errors, name="import_errors"))
