from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.contrib import admin, messages
from django.db import models
from django.db.models import QuerySet
from django.forms import BaseInlineFormSet, ModelChoiceField
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from people.services import first_headteacher_invite
from schools.models import (
    Membership,
    PhoneProvider,
    PhoneProviderDefault,
    ReviewRoute,
    School,
    SchoolClass,
    SocialNetwork,
    SocialNetworkDefault,
    TrainingRequirement,
)
from schools.services import reference_default_publish, reference_lists_copy
from schools.tenancy import TenantManager


class TenantAdminMixin:
    """Admin for tenant-owned rows: the platform administrator sees every school.

    Rows are never deleted from here: roles are ended and classes retired, so
    the audit trail stays whole.
    """

    model: Any

    list_filter: ClassVar[Any] = ("school",)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        # unscoped: the platform administrator onboards every school.
        queryset: QuerySet[Any] = self.model.objects.unscoped("platform administration")
        return queryset.order_by("pk")

    def formfield_for_foreignkey(
        self, db_field: Any, request: HttpRequest, **kwargs: Any
    ) -> ModelChoiceField | None:  # type: ignore[type-arg]
        manager = db_field.remote_field.model._default_manager
        if isinstance(manager, TenantManager):
            kwargs["queryset"] = manager.unscoped("platform administration")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)  # type: ignore[misc,no-any-return]

    def has_delete_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return False


class TenantAdmin(TenantAdminMixin, SimpleHistoryAdmin):
    """Tenant admin for audited models, with their history."""


class TenantInlineFormSet(BaseInlineFormSet):  # type: ignore[type-arg]
    """Checks each row's id among the school's own rows: Django would look among all
    schools' rows through the default manager, which refuses to (schools.tenancy)."""

    def add_fields(self, form: Any, index: int | None) -> None:
        super().add_fields(form, index)
        id_field = form.fields.get(self._pk_field.name)  # type: ignore[attr-defined]
        if isinstance(id_field, ModelChoiceField) and self.instance.pk is not None:
            id_field.queryset = self.model.objects.for_school(self.instance)


class TenantInline(admin.TabularInline):  # type: ignore[type-arg]
    """A school's rows inside its admin page (also when adding a school, which has none)."""

    formset = TenantInlineFormSet

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        # unscoped: the platform administrator's school page; the formset narrows it to the school.
        return self.model.objects.unscoped("platform administration")  # type: ignore[no-any-return]


class MembershipInline(TenantInline):
    model = Membership
    fields = ["user", "role", "title", "ended_at"]
    autocomplete_fields = ["user"]
    extra = 0
    can_delete = False


class ReviewRouteInline(TenantInline):
    model = ReviewRoute
    extra = 0


class SchoolAddForm(forms.ModelForm):  # type: ignore[type-arg]
    """A new school and its first headteacher (people.services.first_headteacher_invite)."""

    head_name = forms.CharField(label="Headteacher's full name", max_length=150, required=False)
    head_email = forms.EmailField(
        label="Headteacher's email address",
        required=False,
        help_text="They are emailed an invitation to choose a password and run the school's "
        "pages. Leave both empty only to give an existing account the role below.",
    )

    class Meta:
        model = School
        fields = "__all__"  # noqa: DJ007 - the admin lays out its own fields

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        name, email = data.get("head_name"), data.get("head_email")
        if name and not email and "head_email" not in self.errors:
            self.add_error("head_email", "Give the headteacher's email address too.")
        if email and not name:
            self.add_error("head_name", "Give the headteacher's name too.")
        return data


@admin.register(School)
class SchoolAdmin(SimpleHistoryAdmin):
    list_display = ["name", "slug", "time_zone", "is_active"]
    search_fields = ["name", "slug"]
    readonly_fields = ["public_id", "created_at"]
    inlines = [MembershipInline, ReviewRouteInline]

    def has_delete_permission(self, request: HttpRequest, obj: School | None = None) -> bool:
        return False

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        if obj is None:
            # Adding a school: name its first headteacher, who is invited on saving.
            kwargs["form"] = SchoolAddForm
        return super().get_form(request, obj, change=change, **kwargs)

    def save_model(self, request: HttpRequest, obj: School, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if not change:
            # A new school starts with its own copy of the platform's reference lists.
            reference_lists_copy(school=obj, by=request.user)  # type: ignore[arg-type]
            if form.cleaned_data.get("head_email"):
                invitation, _ = first_headteacher_invite(
                    school=obj,
                    full_name=form.cleaned_data["head_name"],
                    email=form.cleaned_data["head_email"],
                    by=request.user,  # type: ignore[arg-type]
                )
                messages.success(request, f"An invitation was emailed to {invitation.email}.")


@admin.register(Membership)
class MembershipAdmin(TenantAdmin):
    list_display = ["user", "school", "role", "title", "started_at", "ended_at"]
    list_filter = ["school", "role"]
    search_fields = ["user__email", "user__full_name"]
    autocomplete_fields = ["user"]


@admin.register(SchoolClass)
class SchoolClassAdmin(TenantAdmin):
    list_display = ["name", "school", "year_group", "is_active"]


@admin.register(ReviewRoute)
class ReviewRouteAdmin(TenantAdmin):
    list_display = ["school", "kind", "role"]


@admin.register(TrainingRequirement)
class TrainingRequirementAdmin(TenantAdmin):
    list_display = ["school", "kind", "required", "refresh_months"]


class ReferenceDefaultAdmin(SimpleHistoryAdmin):
    """The platform's reference lists. Saving passes an entry on to every school
    that has not adjusted its own copy. Entries are retired, never deleted."""

    list_display = ["name", "key", "retired", "last_checked", "order"]
    search_fields = ["name", "key"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        reference_default_publish(default=obj, by=request.user)  # type: ignore[arg-type]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


admin.site.register(SocialNetworkDefault, ReferenceDefaultAdmin)
admin.site.register(PhoneProviderDefault, ReferenceDefaultAdmin)


@admin.register(SocialNetwork, PhoneProvider)
class ReferenceEntryAdmin(TenantAdmin):
    list_display = ["name", "school", "customised", "hidden", "retired"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
