"""TOTP two-factor authentication (django-otp): the sign-in form's code, the setup page."""

import base64
import io
from typing import Any

import qrcode
import qrcode.image.svg
from django import forms
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp import devices_for_user
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from tissage.privacy import audit
from tissage.privacy.access import Perm, public, requires


def _confirmed_totp(user: Any) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


class SignInForm(AuthenticationForm):
    """User name, password and, for someone who set up two-factor, the 6-digit code."""

    otp_token = forms.CharField(label=gettext_lazy("Code"), required=False, max_length=8)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        user = self.get_user()
        self.otp_device = None
        if user is not None and any(devices_for_user(user, confirmed=True)):
            token = (cleaned.get("otp_token") or "").strip().replace(" ", "")
            device = _confirmed_totp(user)
            if not token or device is None or not device.verify_token(token):
                raise forms.ValidationError(
                    _("Enter the 6-digit code of your authentication app."), code="otp"
                )
            self.otp_device = device
        return cleaned


class SignInView(auth_views.LoginView):
    form_class = SignInForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form: SignInForm) -> HttpResponse:
        response = super().form_valid(form)
        if form.otp_device is not None:
            otp_login(self.request, form.otp_device)
        return response


class CodeForm(forms.Form):
    code = forms.CharField(label=gettext_lazy("Code"), max_length=8)


def _qr_svg(url: str) -> str:
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage)
    out = io.BytesIO()
    image.save(out)
    return "data:image/svg+xml;base64," + base64.b64encode(out.getvalue()).decode()


@requires(Perm.SIGNED_IN)
def two_factor(request: HttpRequest) -> HttpResponse:
    """Set up an authentication app (QR code + confirm a code), or enter the code of the one
    already set up when this session was opened without it."""
    user = request.user
    confirmed = _confirmed_totp(user)
    form = CodeForm(request.POST or None)
    if confirmed is not None:
        if user.is_verified():
            return render(request, "accounts/two_factor.html", {"done": True})
        if request.method == "POST" and form.is_valid():
            if confirmed.verify_token(form.cleaned_data["code"].replace(" ", "")):
                otp_login(request, confirmed)
                return redirect("home")
            form.add_error("code", _("This code is not valid."))
        return render(request, "accounts/two_factor.html", {"form": form, "verify": True})
    device, _created = TOTPDevice.objects.get_or_create(
        user=user, confirmed=False, defaults={"name": "totp"}
    )
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"].replace(" ", "")):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            audit.record(request, audit.Action.CHANGE, device, fields=["confirmed"])
            return redirect("accounts:preferences")
        form.add_error("code", _("This code is not valid."))
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    context = {"form": form, "qr": _qr_svg(device.config_url), "secret": secret}
    return render(request, "accounts/two_factor.html", context)


login = public(SignInView.as_view())
