from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrglifeConfig(AppConfig):
    name = "tissage.orglife"
    verbose_name = _("Organizational life")

    def ready(self) -> None:
        from tissage.orglife import reporting
        from tissage.orglife.blocks import orglife_block
        from tissage.reports.builder import register_kind

        reporting.register()
        # The lists a report prints: trainings, committees with meetings, events, partners.
        register_kind("orglife", orglife_block)
        reporting.register_templates()
