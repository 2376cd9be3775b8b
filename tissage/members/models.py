"""Members of the organization: their categories, membership periods and payments.

A member is not a person served: joining an association is not opening a file, and a member
list must never leak into the case log (nor the case log into it). So `Member` keeps its own
name and contact fields; an organization member may point to the directory's organization.
"""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from tissage.directory.models import Organization
from tissage.lib.fields import created_by_field


class MemberKind(models.TextChoices):
    INDIVIDUAL = "individual", _("Individual")
    ORGANIZATION = "organization", _("Organization or business")


class Category(models.Model):
    """A membership category and its fee: 25 $ a year for a regular member, 100 $ for an
    organization or a business (seed 001)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)
    kind = models.CharField(
        _("for"), max_length=20, choices=MemberKind.choices, default=MemberKind.INDIVIDUAL
    )
    fee = models.DecimalField(
        _("fee"), max_digits=8, decimal_places=2, validators=[MinValueValidator(Decimal(0))]
    )
    duration_months = models.PositiveSmallIntegerField(
        _("duration (months)"), default=12, validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("membership category")
        verbose_name_plural = _("membership categories")

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        english = (translation.get_language() or "").startswith("en")
        return (self.name_en if english else self.name) or self.name


class Member(models.Model):
    """A member: a person or an organization, with the contact details the office needs and,
    if the member opts in, an entry in the public member directory (bottin)."""

    class Language(models.TextChoices):
        FRENCH = "fr", _("French")
        ENGLISH = "en", _("English")

    kind = models.CharField(
        _("kind of member"),
        max_length=20,
        choices=MemberKind.choices,
        default=MemberKind.INDIVIDUAL,
    )
    name = models.CharField(
        _("name"), max_length=200, help_text=_("The person's full name, or the organization's.")
    )
    contact_name = models.CharField(
        _("contact person"),
        max_length=200,
        blank=True,
        help_text=_("For an organization: who to write to."),
    )
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    address = models.CharField(_("address"), max_length=250, blank=True)
    municipality = models.CharField(_("municipality"), max_length=120, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    language = models.CharField(
        _("correspondence language"), max_length=2, choices=Language.choices, default="fr"
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="memberships_held",
        verbose_name=_("organization in the directory"),
    )
    notes = models.TextField(_("notes"), blank=True)
    # The member directory (bottin): an entry exists from `listed_since` until `listed_until`
    # (exclusive), so that a past report still counts the entries of its time.
    listed_since = models.DateField(
        _("listed in the member directory since"), null=True, blank=True
    )
    listed_until = models.DateField(
        _("withdrawn from the member directory on"), null=True, blank=True
    )
    services = models.TextField(_("services offered (French)"), blank=True)
    services_en = models.TextField(_("services offered (English)"), blank=True)
    area = models.CharField(_("area served"), max_length=200, blank=True)
    public_email = models.EmailField(_("public e-mail address"), blank=True)
    public_phone = models.CharField(_("public phone"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("member")
        verbose_name_plural = _("members")

    def __str__(self) -> str:
        # The number, not the name: members are named in lists, not in logs.
        return f"M{self.pk or 0:05d}"

    @property
    def number(self) -> str:
        return str(self)

    @property
    def listed(self) -> bool:
        return self.listed_since is not None and self.listed_until is None

    def services_text(self) -> str:
        english = (translation.get_language() or "").startswith("en")
        return (self.services_en if english else self.services) or self.services


class MembershipQuerySet(models.QuerySet["Membership"]):
    def covering(self, day: object) -> "MembershipQuerySet":
        """Memberships in force on `day` (both ends included)."""
        return self.filter(start__lte=day, end__gte=day)


class Membership(models.Model):
    """One membership period of a member, in one category, for its fee."""

    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("member")
    )
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("category")
    )
    start = models.DateField(_("start"), db_index=True)
    end = models.DateField(_("end"), db_index=True)  # inclusive
    fee = models.DecimalField(_("fee"), max_digits=8, decimal_places=2)
    renewal = models.BooleanField(
        _("renewal"), default=False, help_text=_("The member held an earlier membership.")
    )
    reminder_sent_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    created_by = created_by_field()

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["-start", "-pk"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.CheckConstraint(condition=Q(end__gte=models.F("start")), name="membership_dates")
        ]

    def __str__(self) -> str:
        return f"{self.member_id} {self.start}..{self.end}"

    def paid(self) -> Decimal:
        return sum((payment.amount for payment in self.payments.all()), Decimal(0))

    def balance(self) -> Decimal:
        return self.fee - self.paid()


class Payment(models.Model):
    """A payment received for a membership. Tissage records payments; it does not take them."""

    class Method(models.TextChoices):
        CASH = "cash", _("Cash")
        CHEQUE = "cheque", _("Cheque")
        TRANSFER = "transfer", _("Bank or Interac transfer")
        CARD = "card", _("Card")
        ONLINE = "online", _("Online payment")
        OTHER = "other", _("Other")

    membership = models.ForeignKey(
        Membership, on_delete=models.CASCADE, related_name="payments", verbose_name=_("membership")
    )
    amount = models.DecimalField(
        _("amount"), max_digits=8, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    paid_on = models.DateField(_("paid on"), default=timezone.localdate, db_index=True)
    method = models.CharField(_("method"), max_length=20, choices=Method.choices)
    receipt_number = models.CharField(_("receipt number"), max_length=40, blank=True)
    notes = models.CharField(_("notes"), max_length=300, blank=True)
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now, editable=False)
    recorded_by = created_by_field()

    class Meta:
        ordering = ["-paid_on", "-pk"]
        verbose_name = _("payment")
        verbose_name_plural = _("payments")

    def __str__(self) -> str:
        return f"{self.membership_id} {self.paid_on} {self.amount}"
