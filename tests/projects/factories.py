"""What the tests of demands and searches make beyond tests/factories.py."""

from yingcai.core.models import DisciplineField, District
from yingcai.projects import search
from yingcai.projects.models import Industry

from ..factories import DemandFactory, MembershipFactory, OrganisationFactory, ProjectFactory


def member_of(kind: str, role: str = "recruiter", **organisation):
    """A member (recruiter by default) of a new verified organisation of this kind."""
    membership = MembershipFactory(
        organisation=OrganisationFactory(kind=kind, **organisation), role=role
    )
    return membership.user, membership.organisation


def field(slug: str = "electronic-information"):
    return DisciplineField.objects.get(slug=slug)


def district(slug: str = "liangjiang"):
    return District.objects.get(slug=slug)


def industry(slug: str = "new-energy"):
    return Industry.objects.get(slug=slug)


def indexed_project(industries=(), **kwargs):
    """A project with its search document written, as the services keep it."""
    project = ProjectFactory(**kwargs)
    if industries:
        project.industries.set(industries)
    search.reindex_projects([project])
    project.refresh_from_db()
    return project


def indexed_demand(industries=(), **kwargs):
    demand = DemandFactory(**kwargs)
    if industries:
        demand.industries.set(industries)
    search.reindex_demands([demand])
    demand.refresh_from_db()
    return demand
