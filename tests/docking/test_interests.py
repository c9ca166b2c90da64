"""Interest between a project and an organisation: expressing, answering, mutual interest
unlocking the contacts, withdrawing, the limits, the mail, the pages."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from yingcai.core.models import AuditEntry
from yingcai.core.rules import forget
from yingcai.docking.models import Interest
from yingcai.docking.services import interests as services
from yingcai.projects import hooks

from ..factories import DemandFactory, MembershipFactory, ProjectFactory
from ..talents.helpers import en
from .factories import docking_world


@pytest.fixture(autouse=True)
def _in_english():
    with translation.override("en"):
        yield


@pytest.fixture
def world(db):
    return docking_world()


def from_investor(world, message="我们对贵项目很感兴趣。"):
    return services.express_for_organisation(
        world.recruiter, world.organisation, world.project, message
    )


# --- Services --------------------------------------------------------------------------------
def test_an_organisation_expresses_interest_and_the_team_is_told(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        interest = from_investor(world)
    assert interest.status == "pending" and interest.initiated_by == "organisation"
    assert interest.sender == world.recruiter
    told = sorted(m.to[0] for m in mail.outbox)
    assert told == sorted([world.lead.email, world.member.email])
    assert AuditEntry.objects.filter(action="docking.interest_expressed").count() == 1
    assert not services.mutual_between(world.project, world.organisation)


def test_expressing_it_back_makes_it_mutual(world, django_capture_on_commit_callbacks):
    demand = DemandFactory(organisation=world.organisation)
    first = from_investor(world)
    with django_capture_on_commit_callbacks(execute=True):
        again = services.express_for_project(world.member, world.project, demand, "我们也是")
    assert again.pk == first.pk and again.status == "accepted"
    assert again.answered_by == world.member and again.reply == "我们也是"
    assert services.mutual_between(world.project.pk, world.organisation.pk)
    # The organisation's speakers (owner, recruiter) hear it is mutual; not its viewer.
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [world.owner.email, world.recruiter.email]
    )
    assert Interest.objects.count() == 1


def test_the_receiving_side_accepts_and_the_contacts_show(world):
    interest = from_investor(world)
    assert services.contacts(world.lead, interest) is None
    services.answer(world.lead, interest, accept=True, reply="欢迎")
    interest.refresh_from_db()
    shown = services.contacts(world.viewer, interest)
    assert shown["organisation"] == {
        "name": str(world.organisation),
        "email": "invest@example.cn",
        "phone": "023-88886666",
    }
    assert shown["lead"]["name"] == "张团队" and shown["lead"]["email"] == world.lead.email


def test_a_declined_interest_cannot_be_sent_again_by_its_sender(world):
    interest = from_investor(world)
    services.answer(world.member, interest, accept=False, reply="暂不需要")
    with pytest.raises(ValidationError, match="declined"):
        from_investor(world)
    # … but the side that declined may later express its own interest: a new pending one.
    demand = DemandFactory(organisation=world.organisation)
    again = services.express_for_project(world.lead, world.project, demand, "现在有兴趣了")
    assert again.pk == interest.pk and again.status == "pending"
    assert again.initiated_by == "project" and again.reply == "" and again.answered_by is None


def test_the_same_side_cannot_send_twice_nor_after_mutual(world):
    interest = from_investor(world)
    with pytest.raises(ValidationError, match="already expressed"):
        services.express_for_organisation(
            world.owner, world.organisation, world.project, "再说一次"
        )
    services.answer(world.lead, interest, accept=True)
    with pytest.raises(ValidationError, match="already mutual"):
        from_investor(world)


def test_answering_twice_is_refused_with_a_reason(world):
    interest = from_investor(world)
    services.answer(world.lead, interest, accept=False)
    with pytest.raises(ValidationError, match="already been answered"):
        services.answer(world.member, interest, accept=True)


def test_the_sender_withdraws_and_may_send_again(world):
    interest = from_investor(world)
    with pytest.raises(PermissionDenied):
        services.withdraw(world.lead, interest)  # the receiver cannot withdraw it
    services.withdraw(world.owner, interest)  # any speaker of the sending side may
    interest.refresh_from_db()
    assert interest.status == "withdrawn"
    with pytest.raises(ValidationError, match="Only an interest awaiting"):
        services.withdraw(world.owner, interest)
    again = from_investor(world, "重新表达")
    assert again.status == "pending" and again.message == "重新表达"


def test_who_may_speak_for_a_side(world):
    with pytest.raises(PermissionDenied):  # a viewer reads, does not speak
        services.express_for_organisation(world.viewer, world.organisation, world.project, "x")
    with pytest.raises(PermissionDenied):  # another organisation's owner
        services.express_for_organisation(world.other_owner, world.organisation, world.project, "x")
    demand = DemandFactory(organisation=world.organisation)
    with pytest.raises(PermissionDenied):  # another team's lead
        services.express_for_project(world.other_lead, world.project, demand, "x")
    with pytest.raises(PermissionDenied):  # the receiving side only answers
        services.answer(world.other_owner, from_investor(world), accept=True)


def test_only_listed_projects_and_published_demands(world):
    world.project.status = "submitted"
    world.project.save()
    with pytest.raises(ValidationError, match="not listed"):
        from_investor(world)
    listed = ProjectFactory(lead=world.lead)
    closed = DemandFactory(organisation=world.organisation, status="closed")
    with pytest.raises(ValidationError, match="not published"):
        services.express_for_project(world.lead, listed, closed, "x")
    others = DemandFactory(organisation=world.other_organisation)
    with pytest.raises(ValidationError, match="published demands"):
        services.express_for_organisation(
            world.owner, world.organisation, listed, "x", demand=others
        )


@pytest.mark.parametrize(
    ("message", "words"),
    [
        ("", "short message"),
        ("  ", "short message"),
        ("a\x00b", "not allowed"),
        ("长" * 1001, "at most 1000"),
    ],
)
def test_bad_messages_are_refused_with_words(world, message, words):
    with pytest.raises(ValidationError, match=words):
        from_investor(world, message)
    assert not Interest.objects.exists()


def test_unsolicited_interest_is_capped_per_sender_and_day(world):
    for _ in range(services.DAILY_CAP):
        Interest.objects.create(
            project=ProjectFactory(),
            organisation=world.organisation,
            initiated_by="organisation",
            message="x",
            sender=world.recruiter,
        )
    with pytest.raises(ValidationError, match="the most allowed"):
        from_investor(world)
    # Yesterday's do not count; answering another's interest is never capped.
    Interest.objects.filter(sender=world.recruiter).update(
        created_at=timezone.now() - timedelta(days=1, minutes=1)
    )
    assert from_investor(world).status == "pending"


# --- Pages -----------------------------------------------------------------------------------
def test_the_project_page_action_leads_to_the_form_and_sends(client, world):
    actions = hooks.actions(hooks.project_actions, world.recruiter, world.project)
    assert [a.label for a in actions] == ["Express interest"]
    client.force_login(world.recruiter)
    url = en("docking:express_project", world.project.pk)
    assert client.get(url).status_code == 200
    response = client.post(url, {"organisation": world.organisation.pk, "message": "有兴趣"})
    interest = Interest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == en("docking:interest", interest.pk)
    # Now the action opens the interest instead.
    actions = hooks.actions(hooks.project_actions, world.recruiter, world.project)
    assert [a.label for a in actions] == ["Our interest in this project"]
    # Nobody else is offered the action: a team member, another team, a viewer, anonymous.
    for user in (world.lead, world.viewer):
        assert hooks.actions(hooks.project_actions, user, world.project) == []


def test_the_demand_page_offers_one_action_per_listed_project(client, world):
    demand = DemandFactory(organisation=world.organisation)
    second = ProjectFactory(lead=world.lead, title="第二个项目")
    actions = hooks.actions(hooks.demand_actions, world.lead, demand)
    assert [a.label for a in actions] == [
        f"Express interest for {world.project}",
        f"Express interest for {second}",
    ]
    client.force_login(world.lead)
    url = en("docking:express_demand", demand.pk)
    assert client.get(url + f"?project={second.pk}").status_code == 200
    response = client.post(url, {"project": second.pk, "message": "我们的项目符合需求"})
    assert response.status_code == 302
    assert Interest.objects.get().project == second
    assert hooks.actions(hooks.demand_actions, world.owner, demand) == []


def test_bad_input_on_the_form_answers_400_never_500(client, world):
    client.force_login(world.recruiter)
    url = en("docking:express_project", world.project.pk)
    for data in (
        {"organisation": world.other_organisation.pk, "message": "x"},  # not theirs
        {"organisation": "abc", "message": "x"},
        {"organisation": world.organisation.pk, "message": "a\x00b"},
        {"organisation": world.organisation.pk, "message": "长" * 1001},
        {"organisation": world.organisation.pk, "message": "x", "demand": "999999"},
    ):
        assert client.post(url, data).status_code == 400, data
    assert not Interest.objects.exists()
    # A project of the same user's team is not theirs to be interested in as an organisation.
    MembershipFactory(organisation=world.organisation, role="owner", user=world.lead)
    client.force_login(world.lead)
    assert client.get(url).status_code == 403


def test_expressing_interest_too_often_answers_429(client, world, settings):
    settings.DOCKING_INTEREST_RATE = "2/h"
    client.force_login(world.recruiter)
    projects = [ProjectFactory() for _ in range(3)]
    codes = [
        client.post(
            en("docking:express_project", p.pk),
            {"organisation": world.organisation.pk, "message": "有兴趣"},
        )
        for p in projects
    ]
    assert [c.status_code for c in codes] == [302, 302, 429]
    assert 0 < int(codes[-1]["Retry-After"]) <= 3600
    assert b"too often" in codes[-1].content
    assert Interest.objects.count() == 2


def test_accepting_by_htmx_swaps_the_state_with_the_contacts(client, world):
    interest = from_investor(world)
    client.force_login(world.member)
    page = client.get(en("docking:interest", interest.pk))
    assert (
        b"invest@example.cn" not in page.content and world.lead.email.encode() not in page.content
    )
    response = client.post(
        en("docking:answer", interest.pk),
        {"decision": "accept", "reply": "欢迎洽谈"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert b'id="interest-state"' in response.content and b"<html" not in response.content
    assert b"invest@example.cn" in response.content and b"023-88886666" in response.content
    assert world.lead.email.encode() in response.content


def test_answer_and_withdraw_pages(client, world):
    interest = from_investor(world)
    client.force_login(world.lead)
    assert client.post(en("docking:answer", interest.pk), {}).status_code == 400
    response = client.post(en("docking:answer", interest.pk), {"decision": "decline"})
    assert response.status_code == 302
    # Answered: a second answer is refused with the reason, on the page.
    response = client.post(en("docking:answer", interest.pk), {"decision": "accept"})
    assert response.status_code == 400 and b"already been answered" in response.content
    client.force_login(world.owner)
    response = client.post(en("docking:withdraw_interest", interest.pk), follow=True)
    assert b"Only an interest awaiting an answer" in response.content
    other = services.express_for_organisation(
        world.owner, world.organisation, ProjectFactory(), "x"
    )
    response = client.post(en("docking:withdraw_interest", other.pk), follow=True)
    assert b"Your interest is withdrawn." in response.content


def test_the_inbox_tabs(client, world, django_assert_max_num_queries):
    received = from_investor(world)
    demand = DemandFactory(organisation=world.other_organisation)
    sent = services.express_for_project(world.lead, world.project, demand, "x")
    third = DemandFactory(organisation=DemandFactory().organisation)
    mutual = services.express_for_project(world.lead, world.project, third, "y")
    services.answer(
        MembershipFactory(organisation=third.organisation, role="owner").user, mutual, True
    )
    client.force_login(world.lead)
    shown = {}
    for tab in ("received", "sent", "mutual"):
        with django_assert_max_num_queries(12):
            response = client.get(en("docking:interests") + f"?tab={tab}")
        shown[tab] = [i.pk for i in response.context["page"]]
    assert shown == {"received": [received.pk], "sent": [sent.pk], "mutual": [mutual.pk]}
    # Seen from the organisation, the same interest is "sent".
    client.force_login(world.viewer)
    response = client.get(en("docking:interests") + "?tab=sent")
    assert [i.pk for i in response.context["page"]] == [received.pk]
    assert client.get(en("docking:interests") + "?tab=nonsense").status_code == 200


def test_the_dashboard_panel_counts_what_awaits_an_answer(client, world):
    from_investor(world)
    client.force_login(world.lead)
    response = client.get(en("accounts:dashboard"))
    assert b"1 expression of interest awaits your answer." in response.content


def test_the_inbox_shows_one_side_at_a_time(client, world):
    first = from_investor(world)
    MembershipFactory(organisation=world.other_organisation, role="owner", user=world.recruiter)
    forget(world.recruiter)  # the memberships read before
    other = services.express_for_organisation(
        world.recruiter, world.other_organisation, world.other_project, "x"
    )
    client.force_login(world.recruiter)
    url = en("docking:interests") + "?tab=sent"
    assert {i.pk for i in client.get(url).context["page"]} == {first.pk, other.pk}
    one = client.get(url + f"&side=organisation-{world.other_organisation.pk}")
    assert [i.pk for i in one.context["page"]] == [other.pk]
    # Someone else's side is no filter: all of one's own are shown.
    foreign = client.get(url + f"&side=project-{world.project.pk}")
    assert foreign.context["side"] == "" and len(foreign.context["page"]) == 2


def test_the_mail_speaks_each_recipients_language(world, django_capture_on_commit_callbacks):
    world.lead.language = "en"
    world.lead.save()
    with django_capture_on_commit_callbacks(execute=True):
        from_investor(world)
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert subjects[world.lead.email] == f"{world.organisation} is interested in your project"
    assert subjects[world.member.email] == f"{world.organisation.name_zh_hans} 对您的项目有对接意向"
    assert "我们对贵项目很感兴趣。" in mail.outbox[0].body


def test_an_organisation_awaiting_verification_cannot_express_interest(world):
    world.organisation.status = "pending"
    world.organisation.save()
    with pytest.raises(PermissionDenied):
        from_investor(world)


def test_an_over_long_reply_is_a_form_error(client, world):
    interest = from_investor(world)
    client.force_login(world.lead)
    response = client.post(
        en("docking:answer", interest.pk), {"decision": "accept", "reply": "长" * 1001}
    )
    assert response.status_code == 400
    interest.refresh_from_db()
    assert interest.status == "pending"


def test_sharing_the_business_plan_is_a_separate_step_of_a_mutual_interest(client, world):
    interest = from_investor(world)
    client.force_login(world.member)
    url = en("docking:share_plan", interest.pk)
    assert client.get(url).status_code == 404  # not mutual yet
    services.answer(world.lead, interest, accept=True)
    assert b"share-plan" in client.get(en("docking:interest", interest.pk)).content
    assert client.get(url).status_code == 200
    assert client.post(url, {}).status_code == 400  # the box is the consent
    response = client.post(url, {"consent": "on"})
    assert response.status_code == 302
    assert world.project.sharings.get(withdrawn_at__isnull=True).organisation == world.organisation
    client.force_login(world.recruiter)  # the organisation never shares the team's plan
    assert client.get(url).status_code == 404
