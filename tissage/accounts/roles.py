"""The five roles of Tissage. What each may do is decided in tissage/privacy/access.py."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    DIRECTION = "direction", _("Management / coordination")
    WORKER = "worker", _("Worker")
    DIRECTORY = "directory", _("Directory manager")
    STATISTICS = "statistics", _("Statistics only")
