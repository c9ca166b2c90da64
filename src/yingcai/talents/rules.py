"""Who reads a talent's profile and CVs.

The talent and the organisers always do. Everyone else reads them only because a module above
passed them on — an application sent to an organisation under the talent's consent, an open
profile shown to verified organisations' search. Those modules register their predicate here
(`profile_readers.add(...)`, `cv_readers.add(...)` in their own rules.py), so this module never
imports the channels that send a profile or a CV.
"""

import rules

from yingcai.core.rules import is_organiser_staff, is_own, is_staff_admin, model_perms


class Readers:
    """Predicates (user, obj) -> bool that the channels register; any one of them opens.

    Asked in the order registered: a channel registers its cheap predicates first."""

    def __init__(self, name: str):
        self.predicates: list[rules.Predicate] = []
        # Asked at every access, over whatever is registered by then.
        self.predicate = rules.predicate(self._any, name=name)

    def add(self, predicate: rules.Predicate) -> rules.Predicate:
        self.predicates.append(predicate)
        return predicate

    def _any(self, user, obj):
        return any(predicate.test(user, obj) for predicate in self.predicates)


# A profile: "the talent behind it applied to my organisation, the consent stands", …
profile_readers = Readers("profile_readers")
# One CV version: "it went with an application to my organisation, the consent stands", …
cv_readers = Readers("cv_readers")


def talent_user_id(obj) -> int | None:
    """The person a profile or a CV (obj) is about."""
    if hasattr(obj, "profile"):  # a CV
        return obj.profile.user_id
    return getattr(obj, "user_id", None)


@rules.predicate
def is_open_profile(user, obj):
    return obj is not None and getattr(obj, "visibility", None) == "open"


rules.add_perm("talents", is_organiser_staff)
rules.add_perm("talents.view_profile", is_own | profile_readers.predicate | is_organiser_staff)
rules.add_perm("talents.view_cv", is_own | cv_readers.predicate | is_organiser_staff)
model_perms("talents.talentprofile", view=is_staff_admin)
model_perms("talents.workexperience", view=is_staff_admin)
model_perms("talents.education", view=is_staff_admin)
