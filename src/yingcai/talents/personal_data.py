"""The talent profile, its work and education history, and the CV versions."""

from django.db import transaction

from yingcai.core.registry.personal_data import ORDER_PROFILE, Provider, register

from .models import CV, Education, TalentProfile, WorkExperience


def _when(moment):
    return moment.isoformat() if moment else None


def export(user) -> dict:
    profile = TalentProfile.objects.filter(user=user).first()
    if profile is None:
        return {"profile": None, "cvs": []}
    return {
        "profile": {
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
            "available_from": _when(profile.available_from),
            "visibility": profile.visibility,
            "date_of_birth": _when(profile.birth_date),
            "work": [
                {
                    "employer": w.employer,
                    "position": w.position,
                    "start": w.start.isoformat(),
                    "end": _when(w.end),
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
                    "end": _when(e.end),
                }
                for e in profile.education.all()
            ],
        },
        "cvs": [
            {
                "file_name": cv.original_name,
                "type": cv.kind,
                "size": cv.size,
                "current": cv.is_current,
                "uploaded_at": cv.uploaded_at.isoformat(),
            }
            for cv in profile.cvs.all()
        ],
    }


def erase(user) -> None:
    """Personal details removed, CV files deleted from storage after the commit; degree and
    origin stay (not identifying alone): the statistics count them."""
    profile = TalentProfile.objects.filter(user=user).first()
    if profile is None:
        return
    paths = [(cv.file.storage, cv.file.name) for cv in profile.cvs.all()]
    profile.cvs.all().delete()
    profile.work.all().delete()
    profile.education.all().delete()
    profile.fields.clear()
    profile.desired_districts.clear()
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


def records(user):
    return [
        TalentProfile.objects.filter(user=user),
        CV.objects.filter(profile__user=user),
        WorkExperience.objects.filter(profile__user=user),
        Education.objects.filter(profile__user=user),
    ]


register(
    Provider(
        key="talents",
        models=(
            "talents.TalentProfile",
            "talents.WorkExperience",
            "talents.Education",
            "talents.CV",
        ),
        export=export,
        erase=erase,
        records=records,
        order=ORDER_PROFILE,
        people=("talents.TalentProfile",),
    )
)
