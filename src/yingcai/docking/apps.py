from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DockingConfig(AppConfig):
    name = "yingcai.docking"
    label = "docking"
    verbose_name = _("Docking negotiations")

    def ready(self):
        # The actions the docking adds to project and demand pages (yingcai.projects.hooks):
        # the projects app knows nothing of the docking. Not at the top: models load later.
        from yingcai.projects import hooks  # noqa: PLC0415

        from .actions import demand_actions, project_actions  # noqa: PLC0415

        if project_actions not in hooks.project_actions:
            hooks.project_actions.append(project_actions)
        if demand_actions not in hooks.demand_actions:
            hooks.demand_actions.append(demand_actions)
