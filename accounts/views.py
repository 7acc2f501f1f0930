from __future__ import annotations

from typing import Any

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.views.decorators.http import require_safe

from accounts import throttle
from accounts.forms import EmailAuthenticationForm, EmailPasswordResetForm
from accounts.models import User
from schools.models import School


class LoginView(auth_views.LoginView):
    form_class = EmailAuthenticationForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class PasswordResetView(auth_views.PasswordResetView):
    form_class = EmailPasswordResetForm
    template_name = "accounts/password_reset_form.html"
    email_template_name = "emails/password_reset.txt"
    subject_template_name = "emails/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password-reset-done")

    def get_form_kwargs(self) -> dict[str, Any]:
        # The form throttles requests by the client's address.
        return {**super().get_form_kwargs(), "request": self.request}


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password-reset-complete")

    def form_valid(self, form: SetPasswordForm) -> HttpResponse:  # type: ignore[type-arg]
        # Signed out, yet the token proved who they are: the history names the account's owner.
        form.user._history_user = form.user
        # Whoever holds the link owns the account: failed guesses no longer hold it up.
        throttle.sign_in_succeeded(form.user.email)
        return super().form_valid(form)


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


def schools_of(user: User) -> list[School]:
    school_ids = user.memberships.filter(ended_at__isnull=True).values("school")
    return list(School.objects.filter(pk__in=school_ids, is_active=True).order_by("name"))


@login_required
def after_login(request: HttpRequest) -> HttpResponse:
    """One school: straight there. Several: pick one."""
    schools = schools_of(request.user)  # type: ignore[arg-type]
    if len(schools) == 1:
        return redirect("schools:home", school_slug=schools[0].slug)
    return redirect("accounts:choose-school")


@login_required
@require_safe
def choose_school(request: HttpRequest) -> HttpResponse:
    schools = schools_of(request.user)  # type: ignore[arg-type]
    return render(request, "accounts/choose_school.html", {"schools": schools})


def root(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return after_login(request)
    return redirect("accounts:login")
