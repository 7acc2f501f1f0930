from __future__ import annotations

from django.db import transaction

from accounts.models import User


@transaction.atomic
def user_ensure(
    *,
    email: str,
    full_name: str,
    password: str,
    is_platform_admin: bool = False,
    by: User | None = None,
) -> tuple[User, bool]:
    """The account for ``email``, created with ``password`` if it is new.

    An existing account keeps its password and is changed only where its name
    or platform role differ, so running this again records nothing new.
    """
    email = User.objects.normalize_email(email).lower()
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User(email=email, full_name=full_name, is_staff=is_platform_admin)
        user.is_superuser = is_platform_admin
        user.set_password(password)
        user._history_user = by  # type: ignore[attr-defined]
        user.save()
        return user, True
    wanted = {
        "full_name": full_name,
        "is_staff": is_platform_admin,
        "is_superuser": is_platform_admin,
    }
    changed = [field for field, value in wanted.items() if getattr(user, field) != value]
    if changed:
        for field in changed:
            setattr(user, field, wanted[field])
        user._history_user = by  # type: ignore[attr-defined]
        user.save(update_fields=changed)
    return user, False
