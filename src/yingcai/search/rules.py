"""Synonyms change what every visitor's search finds: the editors who keep the site's words."""

import rules

from yingcai.core.rules import is_editor, is_organiser_staff, model_perms

rules.add_perm("search", is_organiser_staff)
model_perms(
    "search.synonymgroup",
    view=is_organiser_staff,
    add=is_editor,
    change=is_editor,
    delete=is_editor,
)
