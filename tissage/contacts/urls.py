from django.urls import path

from tissage.contacts import views

app_name = "contacts"
urlpatterns = [path("", views.index, name="index")]
