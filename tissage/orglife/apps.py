from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrglifeConfig(AppConfig):
    name = "tissage.orglife"
    verbose_name = _("Organizational life")

    def ready(self) -> None:
        from tissage.orglife import reporting

        reporting.register()
        reporting.register_templates()
