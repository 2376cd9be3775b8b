"""The demonstration members: three years of joining and renewing, reproducible from a seed."""

import random
from datetime import date
from itertools import pairwise

import pytest

from tissage.members.counting import member_count
from tissage.members.demo import build_members
from tissage.members.models import Member, Membership

pytestmark = pytest.mark.django_db


def test_the_demo_builds_members_periods_and_payments():
    counts = build_members(random.Random(7), date(2025, 6, 1), count=40)
    assert counts["members"] == Member.objects.count() == 40
    assert counts["memberships"] == Membership.objects.count() >= 40
    assert 0 < member_count(date(2025, 6, 1)) <= 40
    assert not Membership.objects.filter(start__gt=date(2025, 6, 1)).exists()
    for member in Member.objects.prefetch_related("memberships"):
        periods = sorted((m.start, m.end) for m in member.memberships.all())
        for (_start, end), (next_start, _end) in pairwise(periods):
            assert next_start > end  # no overlap
