"""Who may register for a session, cancel an attendance, and look after the registrations.

Registering needs no account: anyone may register for a published session of the current
conference until its registration closes (`attendance.register`, a rule of states whose
words the person is told). An attendance is cancelled by its person — through the secret key
of their page (the service compares it), or signed in with the account the registration is
linked to — or by the organisers (the editor staff role, who keep the agenda, and the
protocol staff). The organisers' page of registrations is theirs too.
"""

import rules
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yingcai.core.rules import add_state_perm, is_active_user, is_editor, model_perms

from ..models import Attendance, Registration, Session


@rules.predicate
def session_is_published(user, session):
    if not isinstance(session, Session):
        return False
    return session.is_published


@rules.predicate
def registration_is_open(user, session):
    if not isinstance(session, Session):
        return False
    return timezone.now() < session.closes_at


@rules.predicate
def is_own_registration(user, obj):
    """The attendance or registration is linked to the signed-in person's account."""
    registration = obj.registration if isinstance(obj, Attendance) else obj
    if not isinstance(registration, Registration) or not user.is_authenticated:
        return False
    return registration.user_id is not None and registration.user_id == user.pk


@rules.predicate
def is_attendance_staff(user):
    return is_editor(user)


add_state_perm(
    "attendance.register",
    rules.always_allow,
    (session_is_published, _("This session is not open for registration.")),
    (registration_is_open, _("Registration for this session has closed.")),
)
# The person themselves (signed in; with the key of their page the service lets them too).
rules.add_perm(
    "attendance.cancel_attendance", (is_active_user & is_own_registration) | is_attendance_staff
)
rules.add_perm("attendance.manage_registrations", is_attendance_staff)

# The back office: the agenda's sessions, edited by the editors; registrations looked up.
rules.add_perm("attendance", is_attendance_staff)
model_perms(
    "attendance.session",
    view=is_attendance_staff,
    add=is_attendance_staff,
    change=is_attendance_staff,
    delete=is_attendance_staff,
)
model_perms("attendance.registration", view=is_attendance_staff)
model_perms("attendance.attendance", view=is_attendance_staff)
