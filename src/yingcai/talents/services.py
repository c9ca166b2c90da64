"""State changes of talents: profiles, CVs, and a person's own data (PIPL)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yingcai.core import audit, files
from yingcai.jobs.search import segment

from .models import CV, TalentProfile

MAX_CV_BYTES = 10 * 1024 * 1024
MAX_CVS = 10


def profile_for(user) -> TalentProfile:
    """The person's talent profile, created empty on first use."""
    profile, _created = TalentProfile.objects.get_or_create(user=user)
    return profile


def _document(profile: TalentProfile) -> str:
    parts = [profile.user.name, profile.university, profile.skills, profile.summary]
    parts += [f"{w.position} {w.employer} {w.description}" for w in profile.work.all()]
    parts += [f"{e.major} {e.institution}" for e in profile.education.all()]
    parts += [f.name_zh_hans + " " + f.name_en for f in profile.fields.all()]
    return segment(" ".join(p for p in parts if p))


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
    from yingcai.jobs.tasks import refresh_recommendations

    transaction.on_commit(lambda: refresh_recommendations.enqueue(talent_ids=[user.pk]))
    return profile


def refresh_profile_index(profile: TalentProfile) -> None:
    TalentProfile.objects.filter(pk=profile.pk).update(search_document=_document(profile))


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
def export_data(user) -> dict:
    """Everything Yingcai holds about the person, as plain JSON-ready data."""
    from yingcai.jobs.models import Application
    from yingcai.privacy.models import Acceptance, SharingConsent

    profile = TalentProfile.objects.filter(user=user).first()
    data = {
        "exported_at": timezone.now().isoformat(),
        "account": {
            "email": user.email,
            "name": user.name,
            "mobile": user.mobile,
            "language": user.language,
            "date_joined": user.date_joined.isoformat(),
        },
        "profile": None,
        "cvs": [],
        "applications": [],
        "consents": [
            {
                "document": str(a.document),
                "accepted_at": a.accepted_at.isoformat(),
            }
            for a in Acceptance.objects.filter(user=user).select_related("document")
        ],
        "sharing_consents": [
            {
                "recipient": str(c.organisation),
                "purpose": c.get_purpose_display(),
                "given_at": c.given_at.isoformat(),
                "withdrawn_at": c.withdrawn_at.isoformat() if c.withdrawn_at else None,
            }
            for c in SharingConsent.objects.filter(user=user).select_related("organisation")
        ],
        "memberships": [
            {"organisation": str(m.organisation), "role": m.role}
            for m in user.memberships.select_related("organisation")
        ],
    }
    if profile is not None:
        data["profile"] = {
            "origin": profile.origin,
            "country": profile.country,
            "degree": profile.degree,
            "postdoctoral": profile.postdoctoral,
            "title": profile.title,
            "university": profile.university,
            "fields": [f.slug for f in profile.fields.all()],
            "skills": profile.skill_list,
            "summary": profile.summary,
            "desired_districts": [d.slug for d in profile.desired_districts.all()],
            "expected_salary": profile.expected_salary,
            "available_from": profile.available_from.isoformat()
            if profile.available_from
            else None,
            "visibility": profile.visibility,
            "date_of_birth": profile.birth_date.isoformat() if profile.birth_date else None,
            "work": [
                {
                    "employer": w.employer,
                    "position": w.position,
                    "start": w.start.isoformat(),
                    "end": w.end.isoformat() if w.end else None,
                    "description": w.description,
                }
                for w in profile.work.all()
            ],
            "education": [
                {
                    "institution": e.institution,
                    "degree": e.degree,
                    "major": e.major,
                    "start": e.start.isoformat(),
                    "end": e.end.isoformat() if e.end else None,
                }
                for e in profile.education.all()
            ],
        }
        data["cvs"] = [
            {
                "file_name": cv.original_name,
                "type": cv.kind,
                "size": cv.size,
                "current": cv.is_current,
                "uploaded_at": cv.uploaded_at.isoformat(),
            }
            for cv in profile.cvs.all()
        ]
    applications = Application.objects.filter(talent=user).select_related(
        "job__organisation", "stage"
    )
    data["applications"] = [
        {
            "job": a.job.title,
            "organisation": str(a.job.organisation),
            "applied_at": a.created_at.isoformat(),
            "stage": str(a.stage),
            "cover_note": a.cover_note,
            "messages": [
                {
                    "from": "organisation" if m.from_organisation else "me",
                    "at": m.created_at.isoformat(),
                    "body": m.body,
                }
                for m in a.messages.all()
            ],
        }
        for a in applications
    ]
    from yingcai.api.models import ApiToken
    from yingcai.institutions import services as institutions

    data.update(institutions.personal_data(user))
    data["api_tokens"] = [
        {
            "name": t.name,
            "scope": t.scope,
            "created_at": t.created_at.isoformat(),
            "last_used_at": t.last_used_at.isoformat() if t.last_used_at else None,
            "expires_at": t.expires_at.isoformat() if t.expires_at else None,
            "revoked_at": t.revoked_at.isoformat() if t.revoked_at else None,
        }
        for t in ApiToken.objects.filter(user=user)
    ]
    return data


@transaction.atomic
def delete_account(user, password_confirmed: bool) -> None:
    """Erase the person: personal data removed or anonymised, counts for statistics kept.

    The account row stays (inactive, without name, address or number) so that
    applications still count in the statistics; CV files are deleted from storage.
    """
    if not password_confirmed:
        raise ValidationError(_("Confirm with your password."))
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator

    from yingcai.api.models import ApiToken
    from yingcai.institutions import services as institutions
    from yingcai.jobs.models import Application, ApplicationMessage, Recommendation
    from yingcai.organisations.models import Membership

    owned = Membership.objects.filter(user=user, role=Membership.Role.OWNER)
    for membership in owned:
        others = Membership.objects.filter(
            organisation_id=membership.organisation_id, role=Membership.Role.OWNER
        ).exclude(user=user)
        if not others.exists():
            raise ValidationError(
                _(
                    "You are the only owner of %(name)s: make someone else owner, "
                    "or ask the organisers to close it, before deleting your account."
                )
                % {"name": membership.organisation}
            )
    profile = TalentProfile.objects.filter(user=user).first()
    if profile is not None:
        paths = [(cv.file.storage, cv.file.name) for cv in profile.cvs.all()]
        profile.cvs.all().delete()
        profile.work.all().delete()
        profile.education.all().delete()
        profile.fields.clear()
        profile.desired_districts.clear()
        # Degree and origin are kept (not identifying alone): the statistics count them.
        profile.country = ""
        profile.university = ""
        profile.skills = ""
        profile.summary = ""
        profile.expected_salary = None
        profile.available_from = None
        profile.birth_date = None
        profile.visibility = TalentProfile.Visibility.APPLIED_ONLY
        profile.search_document = ""
        profile.save()
        for storage, path in paths:
            transaction.on_commit(lambda s=storage, p=path: s.delete(p))
    institutions.forget_talent(user)
    ApiToken.objects.filter(user=user).delete()
    Application.objects.filter(talent=user).update(cover_note="")
    # No longer suggested to employers (nor kept as suggestions for nobody).
    Recommendation.objects.filter(talent=user).delete()
    ApplicationMessage.objects.filter(application__talent=user, from_organisation=False).update(
        body=""
    )
    Membership.objects.filter(user=user).delete()
    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    user.acceptances.all().delete()
    user.email = f"erased-{user.pk}@invalid"
    user.name = ""
    user.mobile = None
    user.mobile_verified = False
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.set_unusable_password()
    user.save()
    user.groups.clear()
    _forget_names_in_audit_trail(user, profile)
    audit.record(None, "account.erased", None, user_id=user.pk)


def _forget_names_in_audit_trail(user, profile) -> None:
    """The trail keeps what happened, not who the person was."""
    from django.contrib.contenttypes.models import ContentType

    from yingcai.core.models import AuditEntry
    from yingcai.jobs.models import Application

    targets = [(ContentType.objects.get_for_model(user), [str(user.pk)])]
    if profile is not None:
        targets.append((ContentType.objects.get_for_model(profile), [str(profile.pk)]))
    applications = [
        str(pk) for pk in Application.objects.filter(talent=user).values_list("pk", flat=True)
    ]
    targets.append((ContentType.objects.get_for_model(Application), applications))
    for content_type, ids in targets:
        AuditEntry.objects.filter(content_type=content_type, object_id__in=ids).update(
            object_repr=""
        )
