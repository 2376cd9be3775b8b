"""The employment centre's synthetic year, built once per test module (about a second)."""

import pytest
from django.db import transaction

from tissage.directory.models import Organization
from tissage.people.models import Intervention, Person, Referral
from tissage.programs.models import Agreement, Enrolment, Funder, NeedsEvaluation, Program
from tissage.programs.synthetic import build_synthetic_year
from tissage.programs.synthetic_specs import REFERRALS
from tissage.reports.models import Target


@pytest.fixture(scope="module")
def year(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        built = build_synthetic_year()
        yield built
        with transaction.atomic():
            codes = list(Person.objects.filter(code__startswith="E").values_list("pk", flat=True))
            Enrolment.objects.all().delete()
            NeedsEvaluation.objects.all().delete()
            Referral.objects.filter(person__in=codes).delete()
            Intervention.objects.filter(persons__in=codes).delete()
            Person.objects.filter(pk__in=codes).delete()
            Organization.objects.filter(name__in=list(REFERRALS)).delete()
            Target.objects.filter(indicator_code__startswith="programs.").delete()
            Program.objects.all().delete()
            Agreement.objects.all().delete()
            Funder.objects.all().delete()
