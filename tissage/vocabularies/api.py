from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from tissage.privacy.access import Perm, api_access
from tissage.vocabularies.models import Term, Vocabulary

router = Router(tags=["vocabularies"])


class TermOut(Schema):
    code: str
    label_fr: str
    label_en: str
    order: int
    active: bool
    merged_into: str | None


class VocabularyOut(Schema):
    code: str
    label_fr: str
    label_en: str


class VocabularyDetailOut(VocabularyOut):
    terms: list[TermOut]


def _term_out(term: Term) -> TermOut:
    return TermOut(
        code=term.code,
        label_fr=term.label_fr,
        label_en=term.label_en,
        order=term.order,
        active=term.active,
        merged_into=term.merged_into.code if term.merged_into else None,
    )


@router.get("", response=list[VocabularyOut], auth=api_access(Perm.SIGNED_IN))
def list_vocabularies(request: HttpRequest) -> list[Vocabulary]:
    return list(Vocabulary.objects.all())


@router.get("/{code}", response=VocabularyDetailOut, auth=api_access(Perm.SIGNED_IN))
def vocabulary_detail(request: HttpRequest, code: str) -> VocabularyDetailOut:
    vocabulary = get_object_or_404(Vocabulary, code=code)
    terms = vocabulary.terms.select_related("merged_into")
    return VocabularyDetailOut(
        code=vocabulary.code,
        label_fr=vocabulary.label_fr,
        label_en=vocabulary.label_en,
        terms=[_term_out(term) for term in terms],
    )
