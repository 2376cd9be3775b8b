from django.urls import path

from tissage.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    path("detail/", views.drilldown, name="drilldown"),
]
