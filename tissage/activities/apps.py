from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "tissage.activities"
    verbose_name = _("Group activities")

    def ready(self) -> None:
        from tissage.activities import reporting
        from tissage.activities.blocks import sessions_block
        from tissage.reports.builder import register_kind

        reporting.register()
        # Registrations, participants and eligible participants per session (seed 002).
        register_kind("activity_sessions", sessions_block)
