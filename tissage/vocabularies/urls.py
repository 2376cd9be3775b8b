from django.urls import path

from tissage.vocabularies import views

app_name = "vocabularies"
urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:code>/", views.detail, name="detail"),
    path("<slug:code>/<int:term_id>/", views.edit_term, name="edit_term"),
    path("<slug:code>/<int:term_id>/fusionner/", views.merge_term, name="merge_term"),
]
