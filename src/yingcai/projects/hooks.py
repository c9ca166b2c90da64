"""What the modules built on projects add to a project's and a demand's page.

The projects app knows nothing of what stands on it (the docking, later the calls): those
register here, from their `AppConfig.ready`, a callable `(user, obj) -> list[Action]` that
says what this visitor may do next with this project or demand (express interest, request a
meeting …). The project and demand pages show every action returned.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Action:
    label: str  # translated
    url: str
    # "get" for a link, "post" for a button in a form with the CSRF token.
    method: str = "get"


project_actions: list[Callable] = []
demand_actions: list[Callable] = []


def actions(registry: list[Callable], user, obj) -> list[Action]:
    found = []
    for provider in registry:
        found.extend(provider(user, obj))
    return found
