from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CallsConfig(AppConfig):
    name = "yingcai.calls"
    label = "calls"
    verbose_name = _("Calls and expert review")

    def ready(self):
        # "Enter a call" on a project's page (yingcai.projects.hooks): the projects app knows
        # nothing of the calls. Not at the top: models load later.
        from yingcai.projects import hooks  # noqa: PLC0415

        from .actions import project_actions  # noqa: PLC0415

        if project_actions not in hooks.project_actions:
            hooks.project_actions.append(project_actions)
