"""Staff screens of the directory, mounted at /repertoire/ (namespace "directory")."""

from django.urls import path

from tissage.directory.views import staff, taxonomy, verification

app_name = "directory"
urlpatterns = [
    path("", staff.index, name="index"),
    path("organismes/", staff.organization_list, name="organizations"),
    path("organismes/nouveau/", staff.organization_edit, name="organization_new"),
    path("organismes/<uuid:pk>/", staff.organization_detail, name="organization"),
    path("organismes/<uuid:pk>/modifier/", staff.organization_edit, name="organization_edit"),
    path(
        "organismes/<uuid:organization_pk>/services/nouveau/",
        staff.service_edit,
        name="service_new",
    ),
    path(
        "organismes/<uuid:organization_pk>/lieux/nouveau/",
        staff.location_edit,
        name="location_new",
    ),
    path("services/<uuid:pk>/", staff.service_detail, name="service"),
    path("services/<uuid:pk>/modifier/", staff.service_edit, name="service_edit"),
    path("lieux/<uuid:pk>/modifier/", staff.location_edit, name="location_edit"),
    path(
        "organismes/<uuid:pk>/verifier/",
        verification.record_verify,
        {"kind": "organization"},
        name="organization_verify",
    ),
    path(
        "services/<uuid:pk>/verifier/",
        verification.record_verify,
        {"kind": "service"},
        name="service_verify",
    ),
    path("verification/", verification.queue, name="verification"),
    path("verification/demandes/", verification.request_list, name="update_requests"),
    path("verification/demandes/<int:pk>/", verification.review, name="update_review"),
    path("verification/journal/", verification.event_log, name="verification_log"),
    path("signalements/", verification.feedback_list, name="feedback"),
    path("categories/", taxonomy.taxonomy, name="taxonomy"),
    path("categories/nouvelle/", taxonomy.term_edit, name="term_new"),
    path("categories/<uuid:pk>/", taxonomy.term_edit, name="term_edit"),
]
