"""Projects and docking in Chromium (issue 13): a talent registers a project, builds the team,
uploads the business plan and submits it; a verifier lists it; an investor finds it among the
projects for its demand and expresses interest; the talent accepts and shares the plan.

Each journey sets up what comes before it through factories and services, so that every test
runs alone. Each runs at desktop width and at phone width with the talent in Chinese and the
investor and the verifier in English, and once more at desktop width with the languages
swapped, so that every page is seen in both. Fields are selected by name, forms by their
address, and the checks read data (rows, values, badges' classes), never translated sentences.
"""

import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from tests.factories import (
    PASSWORD,
    DemandFactory,
    MembershipFactory,
    OrganisationFactory,
    ProjectFactory,
    StaffFactory,
    UserFactory,
)
from tests.talents.helpers import PDF
from yingcai.core.models import DisciplineField, District
from yingcai.core.rules import STAFF_VERIFIER
from yingcai.docking.models import Interest
from yingcai.organisations.models import Organisation
from yingcai.projects.models import (
    BusinessPlan,
    PlanSharing,
    Project,
    Recommendation,
    TeamInvitation,
    TeamMember,
)
from yingcai.projects.services import projects as services
from yingcai.projects.templatetags.project_tags import investment

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
ZH, EN = "zh-hans", "en"
# (viewport, the talent's language, the others' language)
VARIANTS = [
    pytest.param(DESKTOP, ZH, EN, id="desktop"),
    pytest.param(PHONE, ZH, EN, id="phone"),
    pytest.param(DESKTOP, EN, ZH, id="desktop-languages-swapped"),
]
INVITATION_LINK = re.compile(r"https?://\S+/me/projects/invitations/[^/\s]+/")

TITLE = "车规级碳化硅功率芯片"
SUMMARY = "面向新能源汽车的碳化硅功率芯片，已完成样片流片，良率达到百分之九十。"
AMOUNT_MIN, AMOUNT_MAX = 5_000_000, 20_000_000
INTEREST_MESSAGE = "We invest in power semiconductors and would like to learn more."
REPLY = "欢迎进一步沟通。"


def url(language, name, *args) -> str:
    with translation.override(language):
        return reverse(name, args=args)


def shown(language, value) -> str:
    """A model's or a choice's text as a page in `language` shows it."""
    with translation.override(language):
        return str(value)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Uploaded business plans go to this test's own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


def stored_files(settings) -> list:
    root = settings.MEDIA_ROOT
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.fixture
def field():
    return DisciplineField.objects.get(slug="electronic-information")


@pytest.fixture
def district():
    return District.objects.get(slug="liangjiang")


@pytest.fixture
def investor_organisation():
    return OrganisationFactory(
        kind=Organisation.Kind.INVESTOR,
        name_zh_hans="重庆两江产业投资基金",
        name_en="Chongqing Liangjiang Industry Fund",
        contact_email="invest@lj-fund.example.cn",
        contact_phone="023-6700 1234",
    )


@pytest.fixture
def demand(investor_organisation, field, district):
    """A published demand in the project's field and district, for prototypes, in yuan."""
    return DemandFactory(
        organisation=investor_organisation,
        title_zh_hans="新能源汽车功率半导体投资",
        title_en="Power semiconductors for electric vehicles",
        fields=[field],
        districts=[district],
    )


def person(language, **fields):
    return UserFactory(language=language, **fields)


def logged_in(new_context, user, viewport):
    """A page in a fresh context of its own, whose user logged in through the log-in page."""
    options = {"viewport": viewport}
    if viewport == PHONE:
        options.update(device_scale_factor=3, is_mobile=True, has_touch=True)
    page = new_context(**options).new_page()
    page.goto("/en/accounts/login/")
    page.fill("#id_login", user.email)
    page.fill("#id_password", PASSWORD)
    page.locator("main").get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out", include_hidden=True)).to_be_attached()
    return page


def fits(page):
    """At phone width nothing is wider than the screen (the layout viewport, see
    test_layout.py); at desktop width there is nothing to check."""
    if page.viewport_size != PHONE:
        return
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths == [PHONE["width"], PHONE["width"]], page.url


def submit(page, action: str):
    """Click the submit button of the form in the main part posting to `action`."""
    page.locator(f'main form[action="{action}"] button[type=submit]').click()


def write_pdf(tmp_path, name="商业计划书.pdf", content=PDF):
    path = tmp_path / name
    path.write_bytes(content)
    return path


# --- 1 and 2. Registered, a teammate, the plan, submitted; the verifier lists it ---------------
@pytest.mark.parametrize(("viewport", "mine", "theirs"), VARIANTS)
def test_talent_registers_a_project_with_a_teammate_and_a_plan_and_a_verifier_lists_it(
    new_context, tmp_path, viewport, mine, theirs, field, district, demand
):
    talent = person(mine, name="陈芯", email="chen.xin@example.com")
    teammate = person(theirs, name="Anna Berg", email="anna.berg@example.com")
    verifier = StaffFactory(
        roles=[STAFF_VERIFIER], name="周审核", email="zhou.verifier@example.cn", language=theirs
    )

    # The talent registers the project as a draft: in Chinese, seeking 5–20 million yuan.
    page = logged_in(new_context, talent, viewport)
    page.goto(url(mine, "project_team:register"))
    page.fill("input[name=title_zh_hans]", TITLE)
    page.fill("textarea[name=summary_zh_hans]", SUMMARY)
    page.select_option("select[name=field]", str(field.pk))
    page.select_option("select[name=stage]", "prototype")
    page.select_option("select[name=origin]", "domestic")
    page.check("input[name=seeks_investment]")
    page.fill("input[name=amount_min]", str(AMOUNT_MIN))
    page.fill("input[name=amount_max]", str(AMOUNT_MAX))
    page.select_option("select[name=currency]", "CNY")
    page.select_option("select[name=district]", str(district.pk))
    fits(page)
    page.locator("main form[method=post]:not([action]) button[type=submit]").click()

    expect(page).to_have_url(re.compile(rf"/{mine}/me/projects/\d+/$"))
    project = Project.objects.get()
    assert page.url.endswith(url(mine, "project_team:detail", project.pk)), page.url
    assert (project.title_zh_hans, project.title_en, project.summary_zh_hans) == (
        TITLE,
        "",
        SUMMARY,
    )
    assert (project.field, project.stage, project.district) == (field, "prototype", district)
    assert (project.seeks_investment, project.amount_min, project.amount_max) == (
        True,
        AMOUNT_MIN,
        AMOUNT_MAX,
    )
    assert (project.currency, project.status, project.created_by) == ("CNY", "draft", talent)
    assert list(project.team.values_list("user", "role")) == [(talent.pk, "lead")]
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.get_by_test_id("project-status")).to_have_class(re.compile(r"\bbadge-draft\b"))
    with translation.override(mine):
        expect(page.get_by_test_id("amount")).to_have_text(investment(project))
    expect(page.get_by_test_id("project-facts")).to_contain_text(shown(mine, district))
    fits(page)

    # The teammate is invited by e-mail.
    mail.outbox.clear()
    page.fill("#team input[name=email]", teammate.email)
    submit(page, url(mine, "project_team:invite", project.pk))
    expect(page.get_by_test_id("open-invitation")).to_contain_text(teammate.email)
    invitation = TeamInvitation.objects.get(project=project)
    assert (invitation.email, invitation.invited_by, invitation.accepted_at) == (
        teammate.email,
        talent,
        None,
    )
    [invited] = mail.outbox
    assert invited.to == [teammate.email]
    link = INVITATION_LINK.search(invited.body)
    assert link, invited.body
    assert invitation.token in link.group()

    # … and accepts from the link in the mail, in a browser of their own.
    other = logged_in(new_context, teammate, viewport)
    other.goto(link.group())
    expect(other.get_by_role("heading", level=1)).to_contain_text(TITLE)
    fits(other)
    other.locator("main form[method=post] button[type=submit]").click()
    expect(other).to_have_url(re.compile(rf"/me/projects/{project.pk}/$"))
    expect(other.get_by_test_id("team-member")).to_have_count(2)
    expect(other.get_by_test_id("team-member").filter(has_text=teammate.email)).to_have_count(1)
    assert sorted(project.team.values_list("user", "role")) == sorted(
        [(talent.pk, "lead"), (teammate.pk, "member")]
    )
    invitation.refresh_from_db()
    assert (invitation.accepted_by, invitation.accepted_at is not None) == (teammate, True)

    # The talent sees the teammate in the team, no invitation left open.
    page.reload()
    members = page.get_by_test_id("team-member")
    expect(members).to_have_count(2)
    expect(members.filter(has_text=teammate.email)).to_contain_text(teammate.name)
    expect(page.get_by_test_id("open-invitation")).to_have_count(0)

    # The business plan: a real PDF, chosen as a person would.
    page.set_input_files("#plan input[name=file]", str(write_pdf(tmp_path)))
    submit(page, url(mine, "project_team:plan_upload", project.pk))
    expect(page).to_have_url(re.compile(rf"/me/projects/{project.pk}/$"))
    expect(page.get_by_test_id("plan")).to_contain_text("商业计划书.pdf")
    plan = BusinessPlan.objects.get(project=project)
    assert (plan.is_current, plan.original_name, plan.size, plan.uploaded_by) == (
        True,
        "商业计划书.pdf",
        len(PDF),
        talent,
    )
    with plan.file.open("rb") as stored:
        assert stored.read() == PDF
    # Submitted for verification: not listed yet, nobody outside sees it.
    page.get_by_test_id("submit-project").click()
    expect(page.get_by_test_id("project-status")).to_have_class(re.compile(r"\bbadge-submitted\b"))
    project.refresh_from_db()
    assert project.status == "submitted" and project.submitted_at is not None
    assert not Recommendation.objects.exists()
    fits(page)

    # The verifier finds it in the queue and verifies it: listed, and matched at once.
    mail.outbox.clear()
    orga = logged_in(new_context, verifier, viewport)
    orga.goto(url(theirs, "orga_projects:queue"))
    row = orga.get_by_test_id("queued-project")
    expect(row).to_have_count(1)
    expect(row).to_contain_text(talent.name)
    row.get_by_role("link", name=TITLE).click()
    expect(orga).to_have_url(re.compile(rf"/{theirs}/orga/projects/{project.pk}/$"))
    expect(orga.get_by_test_id("project-status")).to_have_class(re.compile(r"\bbadge-submitted\b"))
    expect(orga.locator("main")).to_contain_text(teammate.email)
    # The verifier may open the plan.
    plan_url = url(theirs, "project_team:plan", project.pk)
    expect(orga.locator(f'main a[href="{plan_url}"]')).to_have_count(1)
    orga.locator("main form:has(input[name=decision][value=verify]) button[type=submit]").click()

    expect(orga).to_have_url(re.compile(rf"/{theirs}/orga/projects/$"))
    expect(orga.locator(".flash-success")).to_contain_text(TITLE)
    expect(orga.get_by_test_id("queued-project")).to_have_count(0)
    project.refresh_from_db()
    assert (project.status, project.reviewed_by) == ("verified", verifier)
    assert project.verified_at is not None
    assert sorted(m.to[0] for m in mail.outbox) == sorted([talent.email, teammate.email])
    # The recommendations were stored on verification, both ways.
    assert set(Recommendation.objects.values_list("direction", "project", "demand")) == {
        (Recommendation.Direction.FOR_PROJECT, project.pk, demand.pk),
        (Recommendation.Direction.FOR_DEMAND, project.pk, demand.pk),
    }

    # The talent's page now shows it listed.
    page.reload()
    expect(page.get_by_test_id("project-status")).to_have_class(re.compile(r"\bbadge-verified\b"))
    expect(page.get_by_test_id("recommendations-link")).to_be_visible()
    fits(page)


# --- 3 and 4. Found, interest, accepted, contacts, the plan shared ----------------------------
def listed_project(talent, field, district) -> Project:
    """The talent's project with its plan, verified, through services (recommendations too)."""
    project = services.register_project(
        talent,
        Project(
            title_zh_hans=TITLE,
            summary_zh_hans=SUMMARY,
            field=field,
            stage="prototype",
            origin="domestic",
            seeks_investment=True,
            amount_min=AMOUNT_MIN,
            amount_max=AMOUNT_MAX,
            currency="CNY",
            district=district,
        ),
    )
    services.upload_plan(
        talent, project, SimpleUploadedFile("商业计划书.pdf", PDF, "application/pdf")
    )
    services.submit_project(talent, project)
    verifier = StaffFactory(roles=[STAFF_VERIFIER])
    return services.verify_project(verifier, project)


@pytest.mark.parametrize(("viewport", "mine", "theirs"), VARIANTS)
def test_investor_finds_the_project_the_talent_accepts_and_shares_the_business_plan(
    new_context, viewport, mine, theirs, field, district, demand, investor_organisation
):
    talent = person(
        mine,
        name="陈芯",
        email="chen.xin@example.com",
        mobile="+8613800138000",
        mobile_verified=True,
    )
    investor = MembershipFactory(
        organisation=investor_organisation,
        role="recruiter",
        user__name="Li Investor",
        user__email="li.investor@lj-fund.example.cn",
        user__language=theirs,
    ).user
    project = listed_project(talent, field, district)
    plan_url = url(theirs, "project_team:plan", project.pk)
    mail.outbox.clear()

    # The investor opens "Projects for this demand" from the demand's page.
    investor_page = logged_in(new_context, investor, viewport)
    investor_page.goto(url(theirs, "org_demands:detail", investor_organisation.pk, demand.pk))
    investor_page.get_by_test_id("recommendations-link").click()
    recommended = url(
        theirs, "project_recommendations:for_demand", investor_organisation.pk, demand.pk
    )
    expect(investor_page).to_have_url(re.compile(re.escape(recommended) + "$"))
    found = investor_page.get_by_test_id("recommendation")
    expect(found).to_have_count(1)
    expect(found.get_by_role("heading", level=2)).to_have_text(TITLE)
    reasons = found.get_by_test_id("reasons").locator("li")
    expect(reasons).not_to_have_count(0)
    stored = Recommendation.objects.get(
        direction=Recommendation.Direction.FOR_DEMAND, demand=demand, project=project
    )
    expect(reasons).to_have_text(stored.reasons[theirs])
    # Among them: the wished district and the amount sought against the demand's ticket.
    expect(found.get_by_test_id("reasons")).to_contain_text(shown(theirs, district))
    expect(found.get_by_test_id("reasons")).to_contain_text("5,000,000–20,000,000 CNY")
    fits(investor_page)

    # The project's public page: the summary, no business plan for them.
    found.get_by_role("link", name=TITLE).click()
    expect(investor_page).to_have_url(re.compile(rf"/{theirs}/projects/{project.pk}/$"))
    expect(investor_page.get_by_test_id("summary")).to_have_text(SUMMARY)
    expect(investor_page.get_by_test_id("plan-link")).to_have_count(0)
    expect(investor_page.locator(f'a[href="{plan_url}"]')).to_have_count(0)
    assert investor_page.request.get(plan_url).status == 404
    fits(investor_page)

    # The investor expresses interest, about the demand.
    express = url(theirs, "docking:express_project", project.pk)
    investor_page.locator(f'[data-testid=project-actions] a[href="{express}"]').click()
    expect(investor_page).to_have_url(re.compile(re.escape(express) + "$"))
    investor_page.select_option("select[name=organisation]", str(investor_organisation.pk))
    investor_page.select_option("select[name=demand]", str(demand.pk))
    investor_page.fill("textarea[name=message]", INTEREST_MESSAGE)
    fits(investor_page)
    investor_page.locator("main form[method=post] button[type=submit]").click()

    expect(investor_page).to_have_url(re.compile(rf"/{theirs}/docking/interests/\d+/$"))
    interest = Interest.objects.get()
    assert investor_page.url.endswith(url(theirs, "docking:interest", interest.pk))
    assert (interest.project, interest.organisation, interest.demand) == (
        project,
        investor_organisation,
        demand,
    )
    assert (interest.initiated_by, interest.status, interest.sender) == (
        Interest.Side.ORGANISATION,
        Interest.Status.PENDING,
        investor,
    )
    assert interest.message == INTEREST_MESSAGE
    assert [m.to for m in mail.outbox] == [[talent.email]]
    state = investor_page.get_by_test_id("interest-state")
    expect(state.locator(".badge")).to_have_class(re.compile(r"\bbadge-pending\b"))
    # Not mutual yet: the lead's contacts are not shown to the investor.
    expect(investor_page.get_by_test_id("contacts")).to_have_count(0)
    expect(investor_page.locator("body")).not_to_contain_text(talent.email)
    expect(investor_page.locator("body")).not_to_contain_text(talent.mobile)
    fits(investor_page)

    # The talent finds it in "My docking", received, and accepts.
    page = logged_in(new_context, talent, viewport)
    page.goto(url(mine, "docking:interests"))
    expect(page.get_by_test_id("tab-received")).to_have_attribute("aria-current", "page")
    received = page.locator("main tbody tr", has=page.get_by_role("link", name=TITLE))
    expect(received).to_have_count(1)
    expect(received).to_contain_text(shown(mine, investor_organisation))
    expect(received.locator(".badge")).to_have_class(re.compile(r"\bbadge-pending\b"))
    fits(page)
    received.get_by_role("link", name=TITLE).click()
    expect(page).to_have_url(re.compile(rf"/{mine}/docking/interests/{interest.pk}/$"))
    expect(page.locator("main .prewrap").first).to_have_text(INTEREST_MESSAGE)
    expect(page.get_by_test_id("contacts")).to_have_count(0)
    answer = page.locator(f'form[action="{url(mine, "docking:answer", interest.pk)}"]')
    answer.locator("input[name=decision][value=accept]").check()
    answer.locator("textarea[name=reply]").fill(REPLY)
    fits(page)
    answer.locator("button[type=submit]").click()

    # The answer is sent by HTMX: the state's section is replaced, with both sides' contacts.
    contacts = page.get_by_test_id("contacts")
    expect(contacts).to_be_visible()
    expect(page.get_by_test_id("interest-state").locator(".badge")).to_have_class(
        re.compile(r"\bbadge-accepted\b")
    )
    expect(contacts).to_contain_text("invest@lj-fund.example.cn")
    expect(contacts).to_contain_text("023-6700 1234")
    expect(contacts).to_contain_text(talent.email)
    interest.refresh_from_db()
    assert (interest.status, interest.reply) == (Interest.Status.ACCEPTED, REPLY)
    assert interest.answered_at is not None
    fits(page)

    # The investor now sees the lead's contacts, but not yet the plan.
    investor_page.reload()
    contacts = investor_page.get_by_test_id("contacts")
    expect(contacts).to_contain_text(talent.email)
    expect(contacts).to_contain_text(talent.mobile)
    expect(investor_page.get_by_test_id("interest-state")).to_contain_text(REPLY)
    assert investor_page.request.get(plan_url).status == 404
    fits(investor_page)

    # Sharing the plan is a separate consent, given on its own page.
    share = url(mine, "docking:share_plan", interest.pk)
    page.locator(f'main a[href="{share}"]').click()
    expect(page).to_have_url(re.compile(re.escape(share) + "$"))
    with translation.override(mine):
        expected_text = services.sharing_text(project, investor_organisation)
    expect(page.get_by_test_id("consent-text")).to_have_text(expected_text)
    assert not PlanSharing.objects.exists()
    fits(page)
    page.check("input[name=consent]")
    page.locator("main form[method=post] button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/{mine}/docking/interests/{interest.pk}/$"))
    expect(page.locator(".flash-success")).to_contain_text(shown(mine, investor_organisation))
    sharing = PlanSharing.objects.get()
    assert (sharing.project, sharing.organisation, sharing.given_by) == (
        project,
        investor_organisation,
        talent,
    )
    assert sharing.withdrawn_at is None and sharing.text_shown == expected_text

    # The team's page lists the organisation it is shared with.
    page.goto(url(mine, "project_team:detail", project.pk))
    expect(page.get_by_test_id("sharing")).to_contain_text(shown(mine, investor_organisation))

    # The investor can now open the plan: from the public page, and its download is the PDF.
    investor_page.goto(url(theirs, "projects:project", project.pk))
    expect(investor_page.get_by_test_id("plan-link")).to_have_attribute("href", plan_url)
    response = investor_page.request.get(plan_url)
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body() == PDF
    fits(investor_page)


# --- A business plan that is not a PDF ------------------------------------------------------
@pytest.mark.parametrize(
    ("viewport", "mine"),
    [pytest.param(DESKTOP, ZH, id="desktop"), pytest.param(PHONE, EN, id="phone-in-english")],
)
def test_a_business_plan_that_is_not_a_pdf_is_refused(
    new_context, tmp_path, settings, viewport, mine
):
    talent = person(mine, name="陈芯", email="chen.xin@example.com")
    project = ProjectFactory(status="draft", lead=talent, verified_at=None)
    page = logged_in(new_context, talent, viewport)
    page.goto(url(mine, "project_team:detail", project.pk))
    expect(page.get_by_test_id("plan")).to_have_count(0)

    # Plain text under a PDF's name: judged by its content, not by the name.
    fake = write_pdf(tmp_path, "商业计划书.pdf", "这不是PDF文件。\nJust text.\n".encode())
    page.set_input_files("#plan input[name=file]", str(fake))
    action = url(mine, "project_team:plan_upload", project.pk)
    with page.expect_response(lambda r: r.url.endswith(action)) as answered:
        submit(page, action)
    assert answered.value.status == 400

    upload_form = page.locator(f'main form[action="{action}"]')
    expect(upload_form.locator("[role=alert]")).to_have_count(1)
    expect(upload_form.locator("[role=alert]")).to_be_visible()
    expect(page.get_by_test_id("plan")).to_have_count(0)
    fits(page)
    assert not BusinessPlan.objects.exists()
    assert stored_files(settings) == []
    assert TeamMember.objects.filter(project=project).count() == 1
