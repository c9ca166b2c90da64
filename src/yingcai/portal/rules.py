"""News, pages, messages and reports of illegal content."""

import rules

from yingcai.core.rules import (
    is_editor,
    is_moderator,
    is_organiser_staff,
    is_published,
    is_staff_admin,
    model_perms,
)

rules.add_perm("portal", is_organiser_staff)
model_perms("portal.newsitem", view=is_editor, add=is_editor, change=is_editor, delete=is_editor)
model_perms("portal.page", view=is_editor, add=is_editor, change=is_editor)
rules.add_perm("portal.view_newsitem_public", is_published | is_editor)
rules.add_perm("portal.moderate_message", is_moderator)
model_perms("portal.message", view=is_moderator, delete=is_staff_admin)
model_perms("portal.messagereply", view=is_moderator)
rules.add_perm("portal.handle_report", is_moderator)
model_perms("portal.report", view=is_moderator)
