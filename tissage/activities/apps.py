from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "tissage.activities"
    verbose_name = _("Group activities")

    def ready(self) -> None:
        from tissage.activities import reporting

        reporting.register()
