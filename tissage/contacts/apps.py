from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContactsConfig(AppConfig):
    name = "tissage.contacts"
    verbose_name = _("Requests")

    def ready(self) -> None:
        from tissage.contacts import reporting

        reporting.register()
