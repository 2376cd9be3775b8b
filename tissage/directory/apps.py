from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "tissage.directory"
    verbose_name = _("Directory")

    def ready(self) -> None:
        from tissage.directory import indexing, reporting

        indexing.connect()
        reporting.register()
