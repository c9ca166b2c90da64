"""Reading a talent's profile for someone else: only what the rule lets them open."""

from yingcai.core.rules import can

from .models import Education, WorkExperience


def career(viewer, profile) -> dict:
    """The work and education history of `profile` as `viewer` may see it, in two queries.

    An organisation sees it while the talent's separate consent to pass their profile to it
    stands (the rule `talents.view_profile` asks at every access); after a withdrawal, nothing.
    """
    if profile is None or not can(viewer, "talents.view_profile", profile):
        return {"work": [], "education": []}
    return {
        "work": list(WorkExperience.objects.filter(profile=profile)),
        "education": list(Education.objects.filter(profile=profile)),
    }
