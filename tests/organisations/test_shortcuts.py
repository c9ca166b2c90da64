"""organisation_or_404: the one way pages and the API fetch the organisation they act for."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from yingcai.organisations.models import Organisation
from yingcai.organisations.shortcuts import organisation_or_404

pytestmark = pytest.mark.django_db


def test_a_member_with_the_rule_gets_the_organisation(owner, organisation):
    assert (
        organisation_or_404(owner, organisation.pk, "organisations.manage_members") == organisation
    )


def test_a_member_without_the_rule_is_refused(viewer, organisation):
    with pytest.raises(PermissionDenied):
        organisation_or_404(viewer, organisation.pk, "organisations.manage_members")


def test_every_rule_of_several_is_needed(viewer, owner, organisation):
    both = ("organisations.view_members", "organisations.manage_members")
    with pytest.raises(PermissionDenied):
        organisation_or_404(viewer, organisation.pk, both)
    assert organisation_or_404(owner, organisation.pk, both) == organisation


def test_an_outsider_learns_nothing_of_an_organisation_they_may_not_see(outsider, organisation):
    organisation.status = Organisation.Status.PENDING
    organisation.save()
    # Not found, exactly as an id that names nothing: not "forbidden".
    with pytest.raises(Http404):
        organisation_or_404(outsider, organisation.pk, "organisations.manage_members")
    with pytest.raises(Http404):
        organisation_or_404(outsider, 987654, "organisations.manage_members")


def test_a_queryset_narrows_what_can_be_found(owner, organisation):
    with pytest.raises(Http404):
        organisation_or_404(
            owner,
            organisation.pk,
            "organisations.view_members",
            queryset=Organisation.objects.exclude(pk=organisation.pk),
        )
