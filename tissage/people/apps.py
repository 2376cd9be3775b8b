from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "tissage.people"
    verbose_name = _("People and follow-up")

    def ready(self) -> None:
        from tissage.people import reporting

        reporting.register()
