"""Pages outside any school: set up, enter a code at sign-in, manage two-factor sign-in.

Every page is the signed-in person's own: there is no one else's device to reach.
Pages that show a secret or recovery codes are never cached.
"""

from __future__ import annotations

import base64
import io

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from accounts.models import User
from schools.forms import add_service_errors
from twofactor import throttle
from twofactor.forms import AppCodeForm, RecoveryCodeForm
from twofactor.models import RecoveryCode, TOTPDevice
from twofactor.policy import schools_requiring
from twofactor.services import (
    WRONG_CODE,
    code_use,
    device_confirm,
    device_remove,
    grouped,
    has_device,
    new_secret,
    provisioning_uri,
    recovery_codes_regenerate,
)
from twofactor.session import (
    CODES_TO_SHOW,
    PENDING,
    SETUP_SECRET,
    VERIFIED,
    is_pending,
    is_verified,
    mark_verified,
    start_pending,
)

WRONG_RECOVERY_CODE = "That recovery code is not right, or it has been used already."
FORM_METHODS = ["GET", "HEAD", "POST"]


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _next(request: HttpRequest) -> str:
    """Where to go once done: the page asked for, if it is one of ours."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if wanted and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return reverse("accounts:after-login")


def _with_next(name: str, request: HttpRequest) -> str:
    return redirect_to_login(_next(request), reverse(name))["Location"]


def _code_right(request: HttpRequest, form: AppCodeForm | RecoveryCodeForm, wrong: str) -> bool:
    """Whether the (valid) form's code is right for the person; spends it if so."""
    user = _user(request)
    if throttle.refused(user):
        form.add_error(None, throttle.refused_message())
        return False
    used = code_use(user=user, code=form.cleaned_data["code"])
    if used is None:
        throttle.failed(user)
        form.add_error("code", wrong)
        return False
    throttle.succeeded(user)
    if used.recovery:
        left = used.recovery_codes_left
        messages.warning(
            request,
            f"You used a recovery code: {left} left. "
            "Make new ones from your two-factor page if you are running low.",
        )
    return True


def qr_code_data_uri(uri: str) -> str:
    """The QR code an app scans, as an inline SVG image (CSP allows ``data:`` images)."""
    buffer = io.BytesIO()
    segno.make(uri, error="m").save(
        buffer, kind="svg", scale=5, border=4, xmldecl=False, light="#fff"
    )
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


@login_required
@never_cache
@require_http_methods(FORM_METHODS)
def verify(request: HttpRequest) -> HttpResponse:
    """After the password: the code from the app (or a recovery code) before any page."""
    user = _user(request)
    if not is_pending(request.session):
        return redirect(_next(request))
    if not has_device(user):
        # Removed by the platform administrator meanwhile (a lost phone).
        request.session.pop(PENDING, None)
        return redirect(_next(request))
    recovery = (request.POST.get("with") or request.GET.get("with")) == "recovery"
    data = request.POST if request.method == "POST" else None
    form = RecoveryCodeForm(data) if recovery else AppCodeForm(data)
    wrong = WRONG_RECOVERY_CODE if recovery else WRONG_CODE
    if form.is_bound and form.is_valid() and _code_right(request, form, wrong):
        mark_verified(request)
        return redirect(_next(request))
    return render(
        request,
        "twofactor/verify.html",
        {"form": form, "recovery": recovery, "next": _next(request)},
    )


@login_required
@never_cache
@require_http_methods(FORM_METHODS)
def setup(request: HttpRequest) -> HttpResponse:
    """Scan the QR code (or type the secret), then prove it with a current code."""
    user = _user(request)
    if has_device(user):
        if is_verified(request):
            messages.info(request, "Two-factor sign-in is already set up for your account.")
            return redirect("twofactor:manage")
        # Set up in another browser since this one signed in: enter a code here too.
        start_pending(request.session, user)
        return redirect(_with_next("twofactor:verify", request))
    secret = request.session.get(SETUP_SECRET) or new_secret()
    request.session[SETUP_SECRET] = secret
    form = AppCodeForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            codes = device_confirm(
                user=user, secret=secret, code=form.cleaned_data["code"], by=user
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            request.session.pop(SETUP_SECRET, None)
            mark_verified(request)
            request.session[CODES_TO_SHOW] = codes
            return redirect(_with_next("twofactor:recovery-codes", request))
    uri = provisioning_uri(user=user, secret=secret, issuer=settings.PORTAL_NAME)
    context = {
        "form": form,
        "qr_code": qr_code_data_uri(uri),
        "secret": grouped(secret),
        "required_at": schools_requiring(user),
        "next": _next(request),
    }
    return render(request, "twofactor/setup.html", context)


@login_required
@never_cache
@require_safe
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """The new recovery codes, shown this once."""
    codes = request.session.pop(CODES_TO_SHOW, None)
    if not codes:
        messages.info(
            request, "Recovery codes are shown only once. Make new ones if you have lost them."
        )
        return redirect("twofactor:manage")
    return render(
        request, "twofactor/recovery_codes.html", {"codes": codes, "next": _next(request)}
    )


@login_required
@require_safe
def manage(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    device = TOTPDevice.objects.filter(user=user).first()
    codes_left = RecoveryCode.objects.filter(user=user, used_at=None).count() if device else 0
    context = {
        "device": device,
        "codes_left": codes_left,
        "required_at": schools_requiring(user),
    }
    return render(request, "twofactor/manage.html", context)


@login_required
@never_cache
@require_http_methods(FORM_METHODS)
def regenerate(request: HttpRequest) -> HttpResponse:
    """New recovery codes, once a current code shows it is really the person."""
    user = _user(request)
    if not has_device(user):
        return redirect("twofactor:manage")
    form = AppCodeForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid() and _code_right(request, form, WRONG_CODE):
        request.session[CODES_TO_SHOW] = recovery_codes_regenerate(user=user, by=user)
        return redirect("twofactor:recovery-codes")
    return render(request, "twofactor/regenerate.html", {"form": form})


@login_required
@never_cache
@require_http_methods(FORM_METHODS)
def turn_off(request: HttpRequest) -> HttpResponse:
    """Turn two-factor sign-in off, unless a school the person works in requires it."""
    user = _user(request)
    if not has_device(user):
        return redirect("twofactor:manage")
    required_at = schools_requiring(user)
    form = AppCodeForm(request.POST if request.method == "POST" and not required_at else None)
    if form.is_bound and form.is_valid() and _code_right(request, form, WRONG_CODE):
        device_remove(user=user, by=user)
        request.session.pop(VERIFIED, None)
        messages.success(request, "Two-factor sign-in is off for your account.")
        return redirect("twofactor:manage")
    return render(request, "twofactor/turn_off.html", {"form": form, "required_at": required_at})
