from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgramsConfig(AppConfig):
    name = "tissage.programs"
    verbose_name = _("Programs")

    def ready(self) -> None:
        from tissage.programs import report_template, reporting
        from tissage.programs.blocks import BLOCKS
        from tissage.reports.builder import register_kind

        reporting.register()
        report_template.register()
        for kind, build in BLOCKS.items():
            register_kind(kind, build)
