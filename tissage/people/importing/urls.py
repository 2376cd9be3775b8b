from django.urls import path

from tissage.people.importing import views

# Included under /personnes/importer/ in the "people" namespace.
urlpatterns = [
    path("", views.import_start, name="import_start"),
    path("<uuid:run_id>/", views.import_detail, name="import_detail"),
    path("<uuid:run_id>/colonnes/", views.import_mapping, name="import_mapping"),
    path("<uuid:run_id>/verification/", views.import_check, name="import_check"),
    path("<uuid:run_id>/importer/", views.import_run, name="import_run"),
    path("<uuid:run_id>/erreurs.csv", views.import_errors, name="import_errors"),
]
