from django.urls import path

from tissage.orglife import views

app_name = "orglife"
urlpatterns = [path("", views.index, name="index")]
