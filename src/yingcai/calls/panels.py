"""The calls machinery's panels of "My Yingcai" (accounts.panels). Each part of the machinery
keeps its panels in its own block below."""

from yingcai.accounts.panels import Panel, register

from .rules.roles import reviewer_calls


# --- The review: a reviewer's entries to score (views/review.py) ---------------------------
def review_context(request) -> dict:
    if not reviewer_calls(request.user):
        return {"shown": False}
    from .views.review import mine  # noqa: PLC0415 - the views import the forms and services

    return {"shown": True, "to_score": mine(request.user).filter(review__isnull=True).count()}


register(Panel("calls_review", "calls/review/_dashboard_panel.html", review_context, order=38))
