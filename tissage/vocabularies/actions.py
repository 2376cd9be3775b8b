"""Changes to vocabularies that must keep past records and past reports right."""

from typing import Any

from django.db import models, transaction
from django.http import HttpRequest

from tissage.privacy import audit
from tissage.vocabularies.models import Term


class MergeError(ValueError):
    pass


def do_rename_term(request: HttpRequest | None, term: Term, label_fr: str, label_en: str) -> None:
    """Relabel a term. Records keep pointing to it, so past reports show the new label;
    the old French label stays known to imports."""
    with transaction.atomic():
        if term.label_fr != label_fr and term.label_fr not in term.aliases:
            term.aliases = [*term.aliases, term.label_fr]
        term.label_fr, term.label_en = label_fr, label_en
        term.save(update_fields=["label_fr", "label_en", "aliases"])
        audit.record(request, audit.Action.CHANGE, term, fields=["label_fr", "label_en"])


def _references_to_terms() -> list[tuple[type[models.Model], Any]]:
    """Every foreign key and many-to-many field, in any app, that points to Term."""
    found = []
    for relation in Term._meta.related_objects:
        if relation.related_model is Term:
            continue  # Term.merged_into itself
        found.append((relation.related_model, relation.field))
    return found


def do_merge_terms(request: HttpRequest | None, source: Term, target: Term) -> int:
    """Merge `source` into `target`: every record that used `source` now uses `target`.

    `source` stays, inactive, as a pointer to `target` (imports of old files still resolve);
    its labels become aliases of `target`. Returns the number of records moved.
    """
    if source.pk == target.pk:
        raise MergeError("A term cannot be merged into itself.")
    if source.vocabulary_id != target.vocabulary_id:
        raise MergeError("Terms of different vocabularies cannot be merged.")
    if target.canonical().pk == source.pk:
        raise MergeError("The target was itself merged into this term.")
    moved = 0
    with transaction.atomic():
        for model, field in _references_to_terms():
            if field.many_to_many:
                moved += _move_many_to_many(model, field, source, target)
            else:
                moved += model._default_manager.filter(**{field.name: source}).update(
                    **{field.name: target}
                )
        target.aliases = sorted({*target.aliases, source.label_fr, *source.aliases})
        target.save(update_fields=["aliases"])
        source.merged_into, source.active = target, False
        source.save(update_fields=["merged_into", "active"])
        Term.objects.filter(merged_into=source).update(merged_into=target)
        audit.record(request, audit.Action.CHANGE, source, fields=["merged_into"])
    return moved


def _move_many_to_many(model: Any, field: Any, source: Term, target: Term) -> int:
    through = field.remote_field.through
    owner_column = field.m2m_field_name()
    term_column = field.m2m_reverse_field_name()
    rows = through.objects.filter(**{term_column: source})
    owners_with_target = set(
        through.objects.filter(**{term_column: target}).values_list(owner_column, flat=True)
    )
    moved = 0
    for row in rows:
        owner = getattr(row, f"{owner_column}_id")
        if owner in owners_with_target:
            row.delete()  # the record already carries the target: keep one tag
        else:
            setattr(row, term_column, target)
            row.save()
        moved += 1
    return moved
