"""Full-text search over projects and demands, on the job fair's machinery (`yingcai.search`).

STUB written by the lead so that the services can keep `search_document` from the start; the
demands/search engineer fills it in (documents, indexes, queries).
"""


def project_document(project) -> str:
    """The words of a project's search document (kept in `Project.search_document`)."""
    return ""


def demand_document(demand) -> str:
    """The words of a demand's search document (kept in `Demand.search_document`)."""
    return ""
