"""The figures are aggregates and public; the dashboard shows the same with the organisers'
extras (cache age, exports of everything); the press report is drafted by editors."""

import rules

from yingcai.core.rules import is_editor, is_organiser_staff, is_staff_admin, model_perms

rules.add_perm("stats", is_organiser_staff)
rules.add_perm("stats.view_figures", rules.always_allow)
rules.add_perm("stats.view_dashboard", is_organiser_staff)
rules.add_perm("stats.export_all", is_organiser_staff)
rules.add_perm("stats.draft_report", is_editor)
rules.add_perm("stats.publish_report", is_editor)
model_perms("stats.pressreport", view=is_editor)
model_perms("stats.export", view=is_staff_admin)
