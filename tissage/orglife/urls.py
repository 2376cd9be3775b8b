from django.urls import path

from tissage.orglife import views

app_name = "orglife"
urlpatterns = [
    path("", views.index, name="index"),
    path("comites/<int:pk>/", views.committee_detail, name="committee"),
    path("rencontres/<int:pk>/", views.meeting_edit, name="meeting_edit"),
    path("rencontres/<int:pk>/supprimer/", views.meeting_delete, name="meeting_delete"),
    # One list and form per kind: formations, comites, representations, partenariats,
    # medias, soutien-clinique (tissage/orglife/kinds.py).
    path("<slug:kind>/", views.item_list, name="list"),
    path("<slug:kind>/nouveau/", views.item_new, name="new"),
    path("<slug:kind>/<int:pk>/modifier/", views.item_edit, name="edit"),
    path("<slug:kind>/<int:pk>/supprimer/", views.item_delete, name="delete"),
]
