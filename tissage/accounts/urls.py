from django.urls import path

from tissage.accounts import two_factor, views

app_name = "accounts"
urlpatterns = [
    path("connexion/", two_factor.login, name="login"),
    path("deconnexion/", views.logout, name="logout"),
    path("langue/", views.set_language, name="set_language"),
    path("preferences/", views.preferences, name="preferences"),
    path("mot-de-passe/", views.password_change, name="password_change"),
    path("jetons/", views.create_token, name="create_token"),
    path("jetons/<int:token_id>/revoquer/", views.revoke_token, name="revoke_token"),
    path("double-authentification/", two_factor.two_factor, name="two_factor"),
    path("organisme/", views.organization, name="organization"),
]
