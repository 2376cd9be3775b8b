"""Renewal reminders: one e-mail per membership about to end, in the member's language.

A membership is due a reminder when it ends within the next N days, the member has an e-mail
address, no later membership follows it (not renewed yet), and no reminder was sent for it.
Sending marks it, so running the command every day sends each reminder once.
"""

from datetime import date, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Exists, OuterRef, QuerySet
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation

from tissage.accounts.models import OrganizationProfile
from tissage.members.models import Membership

LANGUAGES = {"fr": "fr-ca", "en": "en"}


def due_reminders(today: date, days: int) -> QuerySet[Membership]:
    later = Membership.objects.filter(member=OuterRef("member"), start__gt=OuterRef("end"))
    return (
        Membership.objects.filter(
            start__lte=today,
            end__gte=today,
            end__lte=today + timedelta(days=days),
            reminder_sent_at__isnull=True,
        )
        .exclude(member__email="")
        .exclude(Exists(later))
        .select_related("member", "category")
        .order_by("end", "pk")
    )


def reminder_message(membership: Membership, organization: str) -> tuple[str, str]:
    """(subject, body) in the member's language."""
    member = membership.member
    with translation.override(LANGUAGES.get(member.language, "fr-ca")):
        category = membership.category
        context = {
            "member": member,
            "organization": organization,
            "end": formats.date_format(membership.end, "DATE_FORMAT"),
            "category": category.label,
            "fee": formats.localize(category.fee if category.active else membership.fee),
        }
        subject = render_to_string("members/email/reminder_subject.txt", context)
        body = render_to_string("members/email/reminder.txt", context)
    return " ".join(subject.split()), body.strip() + "\n"


def send_reminders(memberships: QuerySet[Membership] | list[Membership]) -> int:
    """Send each reminder and mark it sent; a failure stops there, and what was sent is kept."""
    organization = OrganizationProfile.current().name
    sent = 0
    for membership in memberships:
        subject, body = reminder_message(membership, organization)
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [membership.member.email])
        membership.reminder_sent_at = timezone.now()
        membership.save(update_fields=["reminder_sent_at"])
        sent += 1
    return sent
