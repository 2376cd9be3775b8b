from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExtractionsConfig(AppConfig):
    name = "tissage.extractions"
    verbose_name = _("De-identified extractions")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from tissage.extractions import reporting

        reporting.register()
