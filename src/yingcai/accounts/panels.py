"""The panels of "My Yingcai" that the modules built on the accounts add.

A module registers its panels in its own `panels.py` (found at start-up by
`AccountsConfig.ready`): a template and the function giving its context for the request. The
dashboard shows them in `order`; it reads no module's tables itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest


@dataclass(frozen=True)
class Panel:
    key: str
    template: str
    context: Callable[[HttpRequest], dict]
    order: int = 100


_panels: dict[str, Panel] = {}


def register(panel: Panel) -> Panel:
    if panel.key in _panels:
        raise ValueError(f"The dashboard panel {panel.key!r} is registered twice.")
    _panels[panel.key] = panel
    return panel


def rendered_for(request: HttpRequest) -> list[tuple[str, dict]]:
    """(template, context) of every panel, in order."""
    ordered = sorted(_panels.values(), key=lambda p: (p.order, p.key))
    return [(panel.template, panel.context(request)) for panel in ordered]
