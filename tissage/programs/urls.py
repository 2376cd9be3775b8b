from django.urls import path

from tissage.programs import views

app_name = "programs"
urlpatterns = [
    path("", views.index, name="index"),
    path("inscriptions/", views.enrolment_list, name="enrolments"),
    path("inscriptions/nouvelle/", views.enrolment_new, name="enrolment_new"),
    path("inscriptions/<int:pk>/", views.enrolment_detail, name="enrolment"),
    path("inscriptions/<int:pk>/modifier/", views.enrolment_edit, name="enrolment_edit"),
    path("evaluations/", views.needs_evaluations, name="needs"),
    path("tableau-de-bord/", views.dashboard, name="dashboard"),
    path("configuration/", views.configuration, name="configuration"),
    path("configuration/bailleurs/nouveau/", views.funder_new, name="funder_new"),
    path("configuration/bailleurs/<int:pk>/", views.funder_edit, name="funder_edit"),
    path("configuration/ententes/nouvelle/", views.agreement_new, name="agreement_new"),
    path("configuration/ententes/<int:pk>/", views.agreement_edit, name="agreement_edit"),
    path("configuration/programmes/nouveau/", views.program_new, name="program_new"),
    path("configuration/programmes/<slug:code>/", views.program_edit, name="program_edit"),
    path(
        "configuration/programmes/<slug:code>/cibles/",
        views.program_targets,
        name="program_targets",
    ),
]
