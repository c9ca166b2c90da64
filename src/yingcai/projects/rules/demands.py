"""Rules about project demands: who posts them, who approves them, who reads them.

Verified organisations post demands through their owners and recruiters (the job fair's
`is_org_recruiter`), shaped by the organisation's kind (`DEMAND_KINDS`); an organisation of a
kind that has no demand (the organisers) posts none. The organisers who approve job
requirements (verifiers) approve demands. A demand is public once published, while its
organisation stays verified; its contacts are the organisation's and the organisers' only
(the docking unlocks them to a counterpart).
"""

import rules
from django.utils.translation import gettext_lazy as _

from yingcai.core.rules import add_state_perm, is_verifier
from yingcai.organisations.models import Organisation
from yingcai.organisations.rules import (
    is_org_member,
    is_org_recruiter,
    is_verified_org,
    organisation_of,
)

from ..models import Demand

# The kind of demand each kind of organisation posts.
DEMAND_KINDS = {
    Organisation.Kind.ENTERPRISE: Demand.Kind.TECHNOLOGY,
    Organisation.Kind.DISTRICT_GOVERNMENT: Demand.Kind.INDUSTRIES,
    Organisation.Kind.INDUSTRIAL_PARK: Demand.Kind.INDUSTRIES,
    Organisation.Kind.INVESTOR: Demand.Kind.INVESTMENT,
    Organisation.Kind.UNIVERSITY: Demand.Kind.COMMERCIALISATION,
    # Research institutes are often public institutions.
    Organisation.Kind.PUBLIC_INSTITUTION: Demand.Kind.COMMERCIALISATION,
}
# What an organisation may still edit and submit …
EDITABLE = (Demand.Status.DRAFT, Demand.Status.REJECTED)
# … and what it may close (a draft is left or edited, never closed).
CLOSABLE = (Demand.Status.SUBMITTED, Demand.Status.PUBLISHED)


def demand_kind_of(organisation) -> str | None:
    """The kind of demand this organisation posts; None for a kind that posts none."""
    return DEMAND_KINDS.get(organisation.kind) if organisation is not None else None


@rules.predicate
def posts_demands(user, obj):
    return demand_kind_of(organisation_of(obj)) is not None


@rules.predicate
def demand_is_public(user, obj):
    """Published, of an organisation still verified: the rule of `services.public_demands`."""
    return (
        obj is not None
        and obj.status == Demand.Status.PUBLISHED
        and obj.organisation.status == Organisation.Status.VERIFIED
    )


@rules.predicate
def demand_is_editable(user, obj):
    return obj is not None and obj.status in EDITABLE


@rules.predicate
def demand_is_closable(user, obj):
    return obj is not None and obj.status in CLOSABLE


rules.add_perm("projects.add_demand", is_org_recruiter & is_verified_org & posts_demands)
rules.add_perm("projects.view_demand", demand_is_public | is_org_member | is_verifier)
# The contacts of a demand: its organisation and the organisers (the docking adds the
# counterparts of a mutual interest through its own rule).
rules.add_perm("projects.view_demand_contacts", is_org_member | is_verifier)
rules.add_perm("projects.change_demand", is_org_recruiter & demand_is_editable)
add_state_perm(
    "projects.submit_demand",
    is_org_recruiter,
    (is_verified_org, _("The organisation is not verified: it cannot submit demands.")),
    (demand_is_editable, _("Only a draft or a returned demand can be submitted.")),
)
add_state_perm(
    "projects.close_demand",
    is_org_recruiter,
    (demand_is_closable, _("Only a submitted or published demand can be closed.")),
)
rules.add_perm("projects.review_demand", is_verifier)
# The back office's model permissions of demands are the rules above (view: verifiers, who see
# them all; add and change: nobody without an organisation); none deletes one there.
