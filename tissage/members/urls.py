from django.urls import path

from tissage.members import views

app_name = "members"
urlpatterns = [
    path("", views.index, name="index"),
    path("liste/", views.member_list, name="members"),
    path("nouveau/", views.member_new, name="member_new"),
    path("<int:pk>/", views.member_detail, name="member"),
    path("<int:pk>/modifier/", views.member_edit, name="member_edit"),
    path("<int:pk>/renouveler/", views.member_renew, name="member_renew"),
    path("adhesions/<int:pk>/paiement/", views.payment_new, name="payment_new"),
    path("categories/", views.category_list, name="categories"),
    path("categories/nouvelle/", views.category_new, name="category_new"),
    path("categories/<int:pk>/", views.category_edit, name="category_edit"),
    path("statistiques/", views.statistics, name="statistics"),
    # The public member directory (no sign-in).
    path("bottin/", views.directory, name="directory"),
]
