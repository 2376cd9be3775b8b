from django.urls import path

from tissage.privacy import views, views_law25, views_requests

app_name = "privacy"
urlpatterns = [
    path("", views.index, name="index"),
    path("responsable/", views_law25.officer, name="officer"),
    path("incidents/", views_law25.incidents, name="incidents"),
    path("incidents/nouveau/", views_law25.incident_edit, name="incident_new"),
    path("incidents/<int:pk>/", views_law25.incident_edit, name="incident_edit"),
    path("demandes/", views_requests.request_list, name="requests"),
    path("demandes/nouvelle/", views_requests.request_edit, name="request_new"),
    path("demandes/<int:pk>/", views_requests.request_edit, name="request_edit"),
    path("scelles/", views_law25.seals, name="seals"),
    path("personnes/<str:code>/export/", views_law25.person_export, name="person_export"),
]
