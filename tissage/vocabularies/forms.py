from django import forms
from django.utils.translation import gettext_lazy as _

from tissage.vocabularies.models import Term, Vocabulary


class TermForm(forms.ModelForm):
    class Meta:
        model = Term
        fields = ["label_fr", "label_en", "code", "order", "active"]

    def __init__(self, *args: object, vocabulary: Vocabulary, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.vocabulary = vocabulary
        if self.instance.pk:
            # The code is what imports, exports and other installations rely on: it never changes.
            self.fields["code"].disabled = True

    def clean_code(self) -> str:
        code = self.cleaned_data["code"]
        clash = Term.objects.filter(vocabulary=self.vocabulary, code=code).exclude(
            pk=self.instance.pk
        )
        if clash.exists():
            raise forms.ValidationError(_("This code is already used in this vocabulary."))
        return code


class MergeForm(forms.Form):
    target = forms.ModelChoiceField(
        label=_("Merge into"), queryset=Term.objects.none(), empty_label=None
    )

    def __init__(self, *args: object, source: Term, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["target"].queryset = (  # type: ignore[attr-defined]
            Term.objects.active().filter(vocabulary=source.vocabulary).exclude(pk=source.pk)
        )
