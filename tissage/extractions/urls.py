from django.urls import path

from tissage.extractions import views

app_name = "extractions"
urlpatterns = [
    path("", views.extraction_list, name="list"),
    path("nouvelle/", views.extraction_create, name="create"),
]
