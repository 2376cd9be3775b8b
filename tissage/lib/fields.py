"""Model fields that many apps declare the same way."""

from django.conf import settings
from django.db import models


def created_by_field() -> models.ForeignKey:
    """Who created a record: kept when the account is deleted (then empty), never edited."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
