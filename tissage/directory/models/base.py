"""What every directory record shares: bilingual text and HSDS identifiers.

HSDS holds one language per record. Tissage keeps both side by side: the plain field
(`name`, `description`, …) holds the French text, the `_en` field beside it the English one.
`record.tr("name")` gives the text in the active language, falling back on French when the
English text is missing; exports write each language as its own HSDS dataset.
"""

import uuid

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


def english_active(language: str | None = None) -> bool:
    return (language or get_language() or "fr-ca").startswith("en")


class Bilingual:
    """Mixin of the records whose texts exist in French (`field`) and English (`field_en`)."""

    def tr(self, field: str, language: str | None = None) -> str:
        french = getattr(self, field) or ""
        if english_active(language):
            return getattr(self, f"{field}_en", "") or french
        return french


def hsds_id() -> models.UUIDField:
    """HSDS identifiers are UUID strings; ours are the primary keys."""
    return models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)


class LocationType(models.TextChoices):
    PHYSICAL = "physical", _("physical")
    POSTAL = "postal", _("postal")
    VIRTUAL = "virtual", _("virtual")
