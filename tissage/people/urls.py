from django.urls import include, path

app_name = "people"
urlpatterns = [
    path("", include("tissage.people.page_urls")),
    path("importer/", include("tissage.people.importing.urls")),
]
