from django.urls import path

from tissage.programs import views

app_name = "programs"
urlpatterns = [path("", views.index, name="index")]
