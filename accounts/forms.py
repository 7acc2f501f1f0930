from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from accounts import throttle
from accounts.mail import account_mail

NO_MATCH = "That email address and password do not match an account. Check both and try again."


class ThrottledSignIn(AuthenticationForm):
    """Refuses a sign-in, unchecked, once its account or address has failed too often.

    Only a submission whose fields are valid on their own is an attempt: one
    with an empty password or a malformed email gets its field errors and is
    not counted. See accounts/throttle.py.
    """

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if username is None or not password:
            return super().clean()
        if throttle.sign_in_refused(username, self.request):
            raise ValidationError(throttle.sign_in_refused_message(), code="throttled")
        try:
            cleaned = super().clean()
        except ValidationError:
            throttle.sign_in_failed(username, self.request)
            raise
        throttle.sign_in_succeeded(username)
        return cleaned


class EmailAuthenticationForm(ThrottledSignIn):
    """Sign in by email. A wrong password, an unknown email and an inactive account read the same.

    Django's ModelBackend hashes the typed password once whether or not the
    email has an account, and nothing here looks the email up before it, so
    the answer takes as long either way.
    """

    error_messages = {"invalid_login": NO_MATCH, "inactive": NO_MATCH}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"] = forms.EmailField(
            label="Email address",
            max_length=254,
            widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        )
        self.fields["password"].widget.attrs["autocomplete"] = "current-password"


class ThrottledAdminAuthenticationForm(ThrottledSignIn, AdminAuthenticationForm):
    """The platform admin's sign-in, throttled like the portal's (it is another way in)."""


class EmailPasswordResetForm(PasswordResetForm):
    """Ask for a reset link: the same answer, after the same work, for any address.

    Requests are throttled per client address. The email for an address with
    an account is rendered and sent by a background thread (accounts/mail.py),
    so the page does not wait for the mail server.
    """

    email = forms.EmailField(
        label="Email address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def __init__(self, *args: Any, request: HttpRequest | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.request = request

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean()
        if "email" in self.cleaned_data and throttle.reset_refused(self.request):
            raise ValidationError(throttle.reset_refused_message(), code="throttled")
        return cleaned

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        send = super().send_mail
        account_mail.submit(
            lambda: send(
                subject_template_name,
                email_template_name,
                dict(context),
                from_email,
                to_email,
                html_email_template_name,
            )
        )
