from django.urls import path

from tissage.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    path("detail/", views.drilldown, name="drilldown"),
    path("qualite/", views.quality_panel, name="quality"),
    path("modeles/", views.template_list, name="templates"),
    path("modeles/<slug:code>/", views.template_edit, name="template_edit"),
    path("modeles/<slug:code>/supprimer/", views.template_delete, name="template_delete"),
    path("modeles/<slug:code>/sections/ajouter/", views.section_add, name="section_add"),
    path("modeles/<slug:code>/sections/<int:index>/", views.section_edit, name="section_edit"),
    path(
        "modeles/<slug:code>/sections/<int:index>/action/",
        views.section_action,
        name="section_action",
    ),
    path("indicateurs-manuels/", views.manual_list, name="manual"),
    path("indicateurs-manuels/nouveau/", views.manual_new, name="manual_new"),
    path("indicateurs-manuels/<slug:code>/", views.manual_detail, name="manual_detail"),
    path("indicateurs-manuels/<slug:code>/modifier/", views.manual_edit, name="manual_edit"),
    path(
        "indicateurs-manuels/<slug:code>/valeurs/<int:pk>/supprimer/",
        views.manual_value_delete,
        name="manual_value_delete",
    ),
    path("cibles/", views.target_list, name="targets"),
    path("cibles/<int:pk>/supprimer/", views.target_delete, name="target_delete"),
    # Last: a report's own paths would otherwise catch the tools above.
    path("<slug:template>/<str:period>/", views.report_page, name="report"),
    path(
        "<slug:template>/<str:period>/telecharger/<slug:fmt>/",
        views.report_download,
        name="download",
    ),
    path("<slug:template>/<str:period>/textes/<slug:key>/", views.text_edit, name="text_edit"),
]
