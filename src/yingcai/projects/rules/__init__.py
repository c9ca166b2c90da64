"""Who may do what with projects (`rules/projects.py`) and demands (`rules/demands.py`).

Collected by core's `autodiscover_modules("rules")`, which imports this package.
"""

from . import demands, projects, recommendations  # noqa: F401
