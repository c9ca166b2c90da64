"""Figures of public-institution recruitment, per round or overall.

"Applications" are applications to posts (报名人次), counted once per post; withdrawn
ones count too (they were received), transfers count once, at the post transferred to.
A post is filled when at least one person was placed in it; cancelled posts are counted
apart (`posts_cancelled`), and `places` / `places_filled` count the places themselves.
"""

from collections import Counter

from django.db.models import Count, Q

from yingcai.organisations.models import Organisation

from .models import Post, PostApplication

A = PostApplication.Status
RECEIVED = ~Q(status=A.TRANSFERRED)


def applications(round_=None):
    queryset = PostApplication.objects.filter(RECEIVED)
    if round_ is not None:
        queryset = queryset.filter(round=round_)
    return queryset


def summary(round_=None) -> dict:
    """The figures organisers read out: by level, degree, field, post, institution."""
    rows = applications(round_).values_list(
        "post__institution__level", "degree", "post_id", "post__institution_id"
    )
    by_level = Counter()
    doctors_by_level = Counter()
    by_degree = Counter()
    by_post = Counter()
    by_institution = Counter()
    for level, degree, post_id, institution_id in rows:
        by_level[level] += 1
        group = degree if degree in ("doctor", "master") else "other"
        by_degree[group] += 1
        if degree == "doctor":
            doctors_by_level[level] += 1
        by_post[post_id] += 1
        by_institution[institution_id] += 1
    total = sum(by_level.values())
    municipal = by_level[Organisation.Level.MUNICIPAL]
    posts = Post.objects.all() if round_ is None else round_.posts.all()
    # Cancelled posts recruit nobody: they are counted apart, not as unfilled.
    filled = []
    cancelled = 0
    for status, headcount, reduced, placed in (
        posts.order_by()
        .annotate(placed=Count("applications", filter=Q(applications__status=A.PLACED)))
        .values_list("status", "headcount", "reduced_headcount", "placed")
    ):
        if status == Post.Status.CANCELLED:
            cancelled += 1
        else:
            filled.append((reduced if reduced is not None else headcount, placed))
    by_field = Counter()
    for field_slug, count in (
        applications(round_)
        .order_by()
        .values_list("post__fields__slug")
        .annotate(n=Count("pk", distinct=True))
        .values_list("post__fields__slug", "n")
    ):
        by_field[field_slug or "none"] += count
    return {
        "total": total,
        "municipal": municipal,
        "municipal_doctors": doctors_by_level[Organisation.Level.MUNICIPAL],
        "municipal_doctor_share": round(100 * doctors_by_level["municipal"] / municipal, 1)
        if municipal
        else None,
        "district": by_level[Organisation.Level.DISTRICT],
        "district_doctors": doctors_by_level[Organisation.Level.DISTRICT],
        "district_doctor_share": round(100 * doctors_by_level["district"] / by_level["district"], 1)
        if by_level["district"]
        else None,
        "by_degree": dict(by_degree),
        "doctor_share": round(100 * by_degree["doctor"] / total, 1) if total else None,
        "by_field": dict(by_field),
        "by_post": dict(by_post),
        "by_institution": dict(by_institution),
        "posts": len(filled),
        "posts_filled": sum(1 for _places, placed in filled if placed),
        "posts_unfilled": sum(1 for _places, placed in filled if not placed),
        "posts_cancelled": cancelled,
        "places": sum(places for places, _placed in filled),
        "places_filled": sum(placed for _places, placed in filled),
    }
