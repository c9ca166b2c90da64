"""The conference's editions and venues (the editors keep them) and the site settings (the
organisers' administrators)."""

import rules

from yingcai.core.rules import is_editor, is_organiser_staff, is_staff_admin, model_perms

rules.add_perm("conference", is_organiser_staff)
model_perms("conference.conference", view=is_organiser_staff, add=is_editor, change=is_editor)
model_perms(
    "conference.venue",
    view=is_organiser_staff,
    add=is_editor,
    change=is_editor,
    delete=is_editor,
)
model_perms("conference.sitesettings", view=is_organiser_staff, change=is_staff_admin)
