"""Fetching the organisation a page or an endpoint acts for, as every module does it."""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from yingcai.core.access import loaded
from yingcai.core.rules import can

from .models import Organisation


def organisation_or_404(
    user, pk, perm: str | tuple[str, ...], queryset: QuerySet | None = None
) -> Organisation:
    """The organisation `pk`: 404 if `user` may not see it (an outsider learns nothing, not
    even that it exists), 403 if they see it but lack `perm` (or one of several) on it.

    Pages and the API alike: the API turns both into its JSON errors (api/api.py).
    """
    if queryset is None:
        queryset = Organisation.objects.select_related("district")
    organisation = get_object_or_404(queryset, pk=pk)
    if not can(user, "organisations.view_organisation", organisation):
        raise Http404
    perms = (perm,) if isinstance(perm, str) else perm
    if not all(can(user, each, organisation) for each in perms):
        raise PermissionDenied
    return organisation


@loaded
def organisation_in_url(request, pk, **_other_url_arguments) -> Organisation:
    """For `signed_in(..., fn=organisation_in_url)`: the organisation of the URL's `pk`, 404
    if the person may not see it; the decorator then asks the view's rules of it (403)."""
    return organisation_or_404(request.user, pk, ())
