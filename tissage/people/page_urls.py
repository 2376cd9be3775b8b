from django.urls import path

from tissage.people import views

urlpatterns = [path("", views.index, name="index")]
