from django.urls import path

from tissage.activities import views

app_name = "activities"
urlpatterns = [
    path("", views.index, name="index"),
    path("liste/", views.activity_list, name="activities"),
    path("nouvelle/", views.activity_new, name="activity_new"),
    path("bilan/", views.summary, name="summary"),
    path("<int:pk>/", views.activity_detail, name="activity"),
    path("<int:pk>/modifier/", views.activity_edit, name="activity_edit"),
    path("<int:pk>/seances/nouvelle/", views.session_new, name="session_new"),
    path("<int:pk>/inscriptions/nouvelle/", views.registration_new, name="registration_new"),
    path("seances/<int:pk>/modifier/", views.session_edit, name="session_edit"),
    path("seances/<int:pk>/presences/", views.attendance, name="attendance"),
    path("inscriptions/<int:pk>/annuler/", views.registration_cancel, name="registration_cancel"),
    path(
        "inscriptions/<int:pk>/confirmer/", views.registration_promote, name="registration_promote"
    ),
    path("importer/", views.import_start, name="import_start"),
    path("importer/<int:pk>/", views.import_detail, name="import_detail"),
    path("importer/<int:pk>/importer/", views.import_run, name="import_run"),
    path("importer/<int:pk>/erreurs.csv", views.import_errors, name="import_errors"),
]
