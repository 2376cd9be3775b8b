import hashlib
import secrets
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tissage.accounts.regions import Region
from tissage.accounts.roles import Role


class Team(models.Model):
    """A team or program inside the organization; workers see the persons of their teams."""

    name = models.CharField(_("name"), max_length=120, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("team")
        verbose_name_plural = _("teams")

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.WORKER)
    teams = models.ManyToManyField(Team, blank=True, verbose_name=_("teams"))
    language = models.CharField(
        _("interface language"), max_length=10, choices=settings.LANGUAGES, default="fr-ca"
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Only administrators reach Django's admin site; the role decides, not a separate flag.
        self.is_staff = self.is_superuser or self.role == Role.ADMIN
        if "update_fields" in kwargs and kwargs["update_fields"] is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "is_staff"}
        super().save(*args, **kwargs)


def _month_choices() -> list[tuple[int, str]]:
    months = [
        _("January"), _("February"), _("March"), _("April"), _("May"), _("June"),
        _("July"), _("August"), _("September"), _("October"), _("November"), _("December"),
    ]  # fmt: skip
    return [(number, name) for number, name in enumerate(months, start=1)]


class OrganizationProfile(models.Model):
    """The organization that runs this installation. There is exactly one (pk=1)."""

    name = models.CharField(_("name"), max_length=200, default="Mon organisme")
    region = models.CharField(
        _("administrative region"), max_length=2, choices=Region.choices, blank=True
    )
    fiscal_year_start_month = models.PositiveSmallIntegerField(
        _("fiscal year starts in"),
        choices=_month_choices(),
        default=4,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
    )
    languages = models.CharField(
        _("languages of service"),
        max_length=200,
        default="Français, English",
        help_text=_("Languages in which the organization serves people, separated by commas."),
    )
    logo = models.ImageField(_("logo"), upload_to="logo/", blank=True)
    privacy_officer = models.CharField(
        _("person in charge of the protection of personal information"),
        max_length=200,
        blank=True,
    )
    privacy_officer_email = models.EmailField(_("their e-mail address"), blank=True)

    class Meta:
        verbose_name = _("organization profile")
        verbose_name_plural = _("organization profile")

    def __str__(self) -> str:
        return self.name

    @classmethod
    def current(cls) -> "OrganizationProfile":
        profile, _created = cls.objects.get_or_create(pk=1)
        return profile


def _hash_token(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class ApiToken(models.Model):
    """A personal token for scripts that call the JSON API. Only its hash is stored."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created = models.DateTimeField(default=timezone.now, editable=False)
    last_used = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return self.name

    @classmethod
    def issue(cls, user: User, name: str) -> tuple["ApiToken", str]:
        """Create a token; the clear key is returned once and never stored."""
        key = "tis_" + secrets.token_urlsafe(32)
        return cls.objects.create(user=user, name=name, key_hash=_hash_token(key)), key

    @classmethod
    def user_for(cls, key: str) -> User | None:
        token = cls.objects.select_related("user").filter(key_hash=_hash_token(key)).first()
        if token is None or not token.user.is_active:
            return None
        cls.objects.filter(pk=token.pk).update(last_used=timezone.now())
        return token.user
