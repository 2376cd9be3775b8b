from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "tissage.members"
    verbose_name = _("Members")

    def ready(self) -> None:
        from tissage.members import reporting
        from tissage.members.blocks import members_block
        from tissage.reports.builder import register_kind

        reporting.register()
        # Members on the period's last day, by category, with growth (seeds 000 and 001).
        register_kind("members", members_block)
        reporting.register_templates()
