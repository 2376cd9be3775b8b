from django.urls import path

from tissage.privacy import views

app_name = "privacy"
urlpatterns = [path("", views.index, name="index")]
