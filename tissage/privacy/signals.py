"""Sign-ins, sign-outs, failed sign-ins and role changes go to the audit trail by themselves."""

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import m2m_changed, pre_save
from django.dispatch import receiver
from django.http import HttpRequest

from tissage.accounts.models import User
from tissage.privacy import audit
from tissage.privacy.models import Action

_WATCHED = ("role", "is_active", "is_superuser")


@receiver(user_logged_in)
def _logged_in(sender: Any, request: HttpRequest, user: User, **kwargs: Any) -> None:
    audit.record(request, Action.LOGIN, user=user)


@receiver(user_logged_out)
def _logged_out(sender: Any, request: HttpRequest, user: User | None, **kwargs: Any) -> None:
    if user is not None:
        audit.record(request, Action.LOGOUT, user=user)


@receiver(user_login_failed)
def _login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    # The attempted user name is kept (an attack shows as many names); the password never is.
    audit.record(request, Action.LOGIN_FAILED, username=str(credentials.get("username", "")))


@receiver(pre_save, sender=User)
def _role_changed(sender: Any, instance: User, **kwargs: Any) -> None:
    if instance.pk is None:
        return
    before = User.objects.filter(pk=instance.pk).values(*_WATCHED).first()
    if before is None:
        return
    changed = [name for name in _WATCHED if before[name] != getattr(instance, name)]
    if changed:
        audit.record(
            None, Action.PERMISSION_CHANGE, instance, user=_current_actor(), fields=changed
        )


@receiver(m2m_changed, sender=User.teams.through)
def _teams_changed(sender: Any, instance: Any, action: str, **kwargs: Any) -> None:
    if action in {"post_add", "post_remove", "post_clear"} and isinstance(instance, User):
        audit.record(
            None, Action.PERMISSION_CHANGE, instance, user=_current_actor(), fields=["teams"]
        )


def _current_actor() -> Any:
    from tissage.privacy.actor import current_user

    return current_user()
