from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "tissage.members"
    verbose_name = _("Members")

    def ready(self) -> None:
        from tissage.members import reporting

        reporting.register()
        reporting.register_templates()
