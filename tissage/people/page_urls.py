from django.urls import path, re_path

from tissage.people import views


def _any_but(word: str) -> str:
    """A regular expression for one path segment that is anything except `word`.

    Person codes are free text (imported files bring their own), so a file's page sits at
    /personnes/<code>/. The import pages live at /personnes/importer/, included after these
    patterns: the code pattern must not swallow that segment. Spelled without a look-ahead,
    which the access-matrix test cannot fill in.
    """
    options = ["[^/" + word[0] + "][^/]*"]
    for index in range(1, len(word)):
        options += [word[:index], word[:index] + "[^/" + word[index] + "][^/]*"]
    options.append(word + "[^/]+")
    return "|".join(options)


CODE = rf"(?P<code>{_any_but('importer')})"

urlpatterns = [
    path("", views.index, name="index"),
    path("autocompletion/", views.person_suggestions, name="person_suggestions"),
    path(
        "autocompletion/organismes/",
        views.organization_suggestions,
        name="organization_suggestions",
    ),
    path("intervention/nouvelle/", views.quick_entry, name="quick_entry"),
    path("interventions/", views.intervention_list, name="interventions"),
    path("interventions/<int:pk>/", views.intervention_detail, name="intervention"),
    path("interventions/<int:pk>/modifier/", views.intervention_edit, name="intervention_edit"),
    path("references/", views.referral_list, name="referrals"),
    path("references/<int:pk>/resultat/", views.referral_outcome, name="referral_outcome"),
    path("liste/", views.person_list, name="persons"),
    path("nouvelle/", views.person_new, name="person_new"),
    path("doublons/", views.duplicates, name="duplicates"),
    re_path(rf"^{CODE}/$", views.person_detail, name="person"),
    re_path(rf"^{CODE}/modifier/$", views.person_edit, name="person_edit"),
    re_path(rf"^{CODE}/consentement/$", views.consent_add, name="consent_add"),
    re_path(
        rf"^{CODE}/consentement/(?P<pk>[0-9]+)/retrait/$",
        views.consent_withdraw,
        name="consent_withdraw",
    ),
    re_path(rf"^{CODE}/reference/nouvelle/$", views.referral_new, name="referral_new"),
    re_path(rf"^{CODE}/fusionner/$", views.merge, name="merge"),
]
