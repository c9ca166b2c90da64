"""Stored recommendations between projects and demands, computed by `yingcai.matching.recommend`.

STUB written by the lead so that the services can queue a refresh from the start; the
recommendations engineer fills it in.
"""


def queue_refresh(project_ids=None, demand_ids=None) -> None:
    """Queue a refresh of the recommendations of these projects and demands after the commit.

    Called by the services when a project is verified or changed while listed, and when a
    demand is published or changed while published; `None` for both refreshes everything.
    """
