"""State changes of talents: profiles, CVs, and a person's own data (PIPL)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from yingcai.core import audit, files
from yingcai.core.registry import personal_data

from .models import CV, TalentProfile
from .search import document_for
from .signals import profile_saved

MAX_CV_BYTES = 10 * 1024 * 1024
MAX_CVS = 10


def profile_for(user) -> TalentProfile:
    """The person's talent profile, created empty on first use."""
    profile, _created = TalentProfile.objects.get_or_create(user=user)
    return profile


@transaction.atomic
def save_profile(
    user,
    profile: TalentProfile,
    changed: list[str] | None = None,
    *,
    fields=None,
    desired_districts=None,
    history=(),
) -> TalentProfile:
    """Save one's own profile.

    `fields` and `desired_districts`, when given, replace those many-to-many sets (else the
    caller sets them); `history` are bound, valid inline formsets of this profile (work,
    education), saved in the same transaction before the profile is indexed.
    """
    if profile.user_id != user.pk:
        raise PermissionDenied(_("You are not allowed to do this."))
    if any(formset.instance.pk != profile.pk for formset in history):
        raise PermissionDenied(_("You are not allowed to do this."))
    if profile.origin == TalentProfile.Origin.DOMESTIC:
        profile.country = ""
    elif not profile.country.strip():
        raise ValidationError({"country": _("Give the country or region you live in.")})
    profile.full_clean(exclude=["user"])
    profile.save()
    if fields is not None:
        profile.fields.set(fields)
    if desired_districts is not None:
        profile.desired_districts.set(desired_districts)
    for formset in history:
        formset.save()
    refresh_profile_index(profile)
    audit.record(user, "talent.profile_saved", profile, fields=changed or [])
    profile_saved.send(sender=TalentProfile, profile=profile)
    return profile


def refresh_profile_index(profile: TalentProfile) -> None:
    TalentProfile.objects.filter(pk=profile.pk).update(search_document=document_for(profile))


# --- CVs ---------------------------------------------------------------------------------------
def sniff(uploaded) -> str:
    """ "pdf" or "docx" from the file's content, never from its name or the browser's word."""
    kind = files.sniff(uploaded)
    if kind not in CV.Kind.values:
        raise ValidationError(_("A CV must be a PDF or a Word (DOCX) file."), code="type")
    return kind


def _lock_cvs(profile: TalentProfile) -> None:
    """One talent's CVs change one at a time: the limit on their number and the one current
    CV are decided on the rows as stored now (`talents_one_current_cv` is the last guard)."""
    list(TalentProfile.objects.select_for_update().filter(pk=profile.pk).values("pk"))


def _cv_now(cv: CV) -> CV:
    found = CV.objects.filter(pk=cv.pk).select_related("profile").first()
    if found is None:
        raise ValidationError(_("This CV no longer exists."))
    return found


@transaction.atomic
def upload_cv(user, uploaded) -> CV:
    profile = profile_for(user)
    _lock_cvs(profile)
    if uploaded.size > MAX_CV_BYTES:
        raise ValidationError(_("A CV may be at most 10 MB."), code="size")
    if uploaded.size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    if profile.cvs.count() >= MAX_CVS:
        raise ValidationError(
            _("You can keep at most %(n)d CVs: delete an old one first.") % {"n": MAX_CVS}
        )
    kind = sniff(uploaded)
    name = (uploaded.name or "cv").replace("\\", "/").rsplit("/", 1)[-1][:200]
    cv = CV(profile=profile, kind=kind, original_name=name, size=uploaded.size)
    cv.file.save("upload", uploaded, save=False)
    # The newest upload becomes the current CV.
    profile.cvs.filter(is_current=True).update(is_current=False)
    cv.is_current = True
    cv.save()
    audit.record(user, "talent.cv_uploaded", profile, kind=kind, size=cv.size)
    return cv


def _own_cv(user, cv: CV) -> CV:
    if cv.profile.user_id != user.pk:
        raise PermissionDenied(_("You are not allowed to do this."))
    return cv


@transaction.atomic
def set_current_cv(user, cv: CV) -> CV:
    _own_cv(user, cv)
    _lock_cvs(cv.profile)
    cv = _cv_now(cv)
    CV.objects.filter(profile=cv.profile, is_current=True).exclude(pk=cv.pk).update(
        is_current=False
    )
    cv.is_current = True
    cv.save(update_fields=["is_current"])
    audit.record(user, "talent.cv_current", cv.profile)
    return cv


@transaction.atomic
def delete_cv(user, cv: CV) -> None:
    """Delete a CV version; applications already sent keep no link to it."""
    _own_cv(user, cv)
    _lock_cvs(cv.profile)
    cv = _cv_now(cv)
    profile, was_current = cv.profile, cv.is_current
    storage, path = cv.file.storage, cv.file.name
    cv.delete()
    transaction.on_commit(lambda: storage.delete(path))
    if was_current:
        newest = profile.cvs.order_by("-uploaded_at", "-id").first()
        if newest is not None:
            newest.is_current = True
            newest.save(update_fields=["is_current"])
    audit.record(user, "talent.cv_deleted", profile)


# --- One's own data (PIPL Art. 45 and 47) ---------------------------------------------------------
# Each module exports and erases its own rows (its `personal_data.py`, core.registry.personal_data);
# these two are what the "My data" page calls.
def export_data(user) -> dict:
    """Everything Yingcai holds about the person, as plain JSON-ready data."""
    return personal_data.export(user)


def delete_account(user, password_confirmed: bool) -> None:
    """Erase the person: personal data removed or anonymised, counts for statistics kept.

    The account row stays (inactive, without name, address or number) so that
    applications still count in the statistics; CV and certificate files are deleted from
    storage once the erasure is committed.
    """
    if not password_confirmed:
        raise ValidationError(_("Confirm with your password."))
    personal_data.erase(user)
