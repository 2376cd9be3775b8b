"""Changes to directory records, each in one transaction: the record and its parts, the
field-level history (HSDS metadata), the audit trail, and one reindex at the end."""

from typing import Any

from django.db import models, transaction
from django.forms import BaseInlineFormSet, ModelForm
from django.http import HttpRequest

from tissage.directory import indexing, languages
from tissage.directory.changes import record_changes, snapshot, stored_snapshot
from tissage.directory.forms import LocationForm, ServiceForm, TermForm, current_terms
from tissage.directory.models import (
    Accessibility,
    Address,
    Attribute,
    Language,
    LinkEntity,
    Location,
    MetadataAction,
    Organization,
    SearchHint,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
)
from tissage.privacy import audit


def updated_by(request: HttpRequest | None) -> str:
    user = getattr(request, "user", None)
    return user.get_username() if user is not None and user.is_authenticated else "system"


def save_tracked(
    request: HttpRequest | None,
    obj: models.Model,
    before: dict[str, str] | None,
    extra: dict[str, tuple[str, str]] | None = None,
) -> list[str]:
    """Save `obj` (already changed in memory) and write its history. Returns changed names."""
    obj.save()
    return record_changes(obj, before, updated_by=updated_by(request), extra=extra)


def _save_form(request: HttpRequest | None, form: ModelForm, **attrs: Any) -> list[str]:
    before = stored_snapshot(form.instance)
    instance = form.save(commit=False)
    for name, value in attrs.items():
        setattr(instance, name, value)
    return save_tracked(request, instance, before)


def _save_formset(request: HttpRequest | None, formset: BaseInlineFormSet) -> list[str]:
    """Save the rows of a formset, writing the history of each added, changed, removed row."""
    changed: list[str] = []
    who = updated_by(request)
    for form in formset.deleted_forms:
        if form.instance.pk:
            before = snapshot(form.instance)
            record_changes(form.instance, before, updated_by=who, action=MetadataAction.DELETE)
            form.instance.delete()
            changed.append(formset.prefix)
    for form in formset.forms:
        if form in formset.deleted_forms or not form.has_changed():
            continue
        before = stored_snapshot(form.instance)
        instance = form.save(commit=False)
        setattr(instance, formset.fk.name, formset.instance)
        if save_tracked(request, instance, before):
            changed.append(formset.prefix)
    return sorted(set(changed))


def _audit(
    request: HttpRequest | None, obj: models.Model, created: bool, fields: list[str]
) -> None:
    action = audit.Action.CREATE if created else audit.Action.CHANGE
    if created or fields:
        audit.record(request, action, obj, fields=fields)


@transaction.atomic
def do_save_organization(
    request: HttpRequest | None, form: ModelForm, phones: BaseInlineFormSet
) -> Organization:
    created = form.instance._state.adding
    with indexing.deferred():
        fields = _save_form(request, form)
        phones.instance = form.instance
        fields += _save_formset(request, phones)
    _audit(request, form.instance, created, fields)
    return form.instance  # type: ignore[no-any-return]


def _set_service_relations(service: Service, form: ServiceForm) -> dict[str, tuple[str, str]]:
    """Categories, locations, languages and hints of a service; their history as pseudo
    fields of the service."""
    extra: dict[str, tuple[str, str]] = {}
    old_terms = {term.id: term.code for term in current_terms(service)}
    new_terms = {term.id: term.code for term in form.cleaned_data["categories"]}
    Attribute.objects.filter(
        link_entity=LinkEntity.SERVICE,
        link_id=service.id,
        taxonomy_term_id__in=set(old_terms) - set(new_terms),
    ).delete()
    for term_id in set(new_terms) - set(old_terms):
        Attribute.objects.create(
            taxonomy_term_id=term_id, link_entity=LinkEntity.SERVICE, link_id=service.id
        )
    extra["attributes"] = (
        ", ".join(sorted(old_terms.values())),
        ", ".join(sorted(new_terms.values())),
    )

    old_locations = set(service.locations.values_list("id", flat=True))
    new_locations = {location.id for location in form.cleaned_data["locations"]}
    ServiceAtLocation.objects.filter(
        service=service, location_id__in=old_locations - new_locations
    ).delete()
    for location_id in new_locations - old_locations:
        ServiceAtLocation.objects.create(service=service, location_id=location_id)
    extra["service_at_locations"] = (
        ", ".join(sorted(map(str, old_locations))),
        ", ".join(sorted(map(str, new_locations))),
    )

    old_codes = set(service.languages.values_list("code", flat=True))
    new_codes = set(form.cleaned_data["language_codes"])
    service.languages.filter(code__in=old_codes - new_codes).delete()
    for code in sorted(new_codes - old_codes):
        Language.objects.create(
            service=service, code=code, name=languages.FRENCH_NAMES.get(code, code)
        )
    extra["languages"] = (", ".join(sorted(old_codes)), ", ".join(sorted(new_codes)))

    old_hints = list(service.hints.values_list("text", flat=True))
    new_hints = form.hint_list()
    if old_hints != new_hints:
        service.hints.all().delete()
        for text in new_hints:
            SearchHint.objects.create(service=service, text=text)
    extra["search_hints"] = (", ".join(old_hints), ", ".join(new_hints))
    return extra


@transaction.atomic
def do_save_service(
    request: HttpRequest | None,
    form: ServiceForm,
    formsets: list[BaseInlineFormSet],
) -> Service:
    service = form.instance
    created = service._state.adding
    with indexing.deferred():
        before = stored_snapshot(service)
        service = form.save(commit=False)
        service.organization = form.organization
        service.save()
        extra = _set_service_relations(service, form)
        fields = record_changes(service, before, updated_by=updated_by(request), extra=extra)
        for formset in formsets:
            formset.instance = service
            fields += _save_formset(request, formset)
    _audit(request, service, created, fields)
    return service


@transaction.atomic
def do_save_location(
    request: HttpRequest | None,
    form: LocationForm,
    organization: Organization,
    formsets: list[BaseInlineFormSet],
) -> Location:
    created = form.instance._state.adding
    with indexing.deferred():
        fields = _save_form(request, form, organization=organization)
        location = form.instance
        fields += _save_address(request, location, form.cleaned_data)
        fields += _save_accessibility(request, location, form.cleaned_data)
        for formset in formsets:
            formset.instance = location
            fields += _save_formset(request, formset)
    _audit(request, location, created, fields)
    return location  # type: ignore[no-any-return]


def _save_address(
    request: HttpRequest | None, location: Location, data: dict[str, Any]
) -> list[str]:
    address = location.main_address
    values = {
        name: data.get(name, "") for name in ("address_1", "address_2", "city", "postal_code")
    }
    if address is None and not values["address_1"] and not values["city"]:
        return []
    if address is None:
        address = Address(location=location)
    before = stored_snapshot(address)
    for name, value in values.items():
        setattr(address, name, value)
    return ["address"] if save_tracked(request, address, before) else []


def _save_accessibility(
    request: HttpRequest | None, location: Location, data: dict[str, Any]
) -> list[str]:
    access = location.accessibility.first()
    text, text_en = data.get("accessibility", ""), data.get("accessibility_en", "")
    if access is None and not text and not text_en:
        return []
    access = access or Accessibility(location=location)
    before = stored_snapshot(access)
    access.description, access.description_en = text, text_en
    return ["accessibility"] if save_tracked(request, access, before) else []


@transaction.atomic
def do_save_term(request: HttpRequest | None, form: TermForm, **attrs: Any) -> TaxonomyTerm:
    created = form.instance._state.adding
    with indexing.deferred():
        fields = _save_form(request, form, **attrs)
        term = form.instance
        old = list(term.hints.values_list("text", flat=True))
        new = form.hint_list()
        if old != new:
            term.hints.all().delete()
            for text in new:
                SearchHint.objects.create(term=term, text=text)
            fields += record_changes(
                term,
                snapshot(term),
                updated_by=updated_by(request),
                extra={"search_hints": (", ".join(old), ", ".join(new))},
            )
    _audit(request, term, created, fields)
    return term  # type: ignore[no-any-return]
