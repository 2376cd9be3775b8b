from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "tissage.privacy"
    verbose_name = _("Data and privacy")

    def ready(self) -> None:
        from tissage.privacy import reporting, signals  # noqa: F401  (signals: login, roles)

        reporting.register()
