"""`yingcai demo`: what it loads, that it loads the same each time, and when it refuses."""

import hashlib
from datetime import date, datetime, timedelta
from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.db import models
from django.utils import timezone, translation

from tests.factories import NewsItemFactory, UserFactory
from yingcai.accounts.models import User
from yingcai.conference.models import Conference, SiteSettings, Venue
from yingcai.core.models import District
from yingcai.demo import accounts, loader
from yingcai.demo.base import DEMO_PASSWORD, LOGINS, Preset, Step
from yingcai.demo.presets import CHONGQING_2020
from yingcai.organisations.models import Membership, Organisation
from yingcai.organisations.validators import validate_credit_code
from yingcai.portal.models import Message, MessageReply, NewsItem, Page, Report
from yingcai.portal.services import published_news
from yingcai.privacy.models import Acceptance, LegalDocument

SMALL = ["--scale", "0.01", "--seed", "7", "--anchor", "2020-11-21"]
ANCHOR = date(2020, 11, 21)
LOGIN = "/en/accounts/login/"

pytestmark = pytest.mark.django_db


def demo(*args) -> str:
    out = StringIO()
    with translation.override("en"):
        call_command("demo", *args, stdout=out)
    return out.getvalue()


def refused(*args) -> str:
    with translation.override("en"), pytest.raises(CommandError) as error:
        call_command("demo", *args, stdout=StringIO())
    return str(error.value)


# --- What a load holds ------------------------------------------------------------------------
@pytest.fixture
def loaded(db):
    return demo(*SMALL)


def test_every_kind_of_organisation_across_the_districts(loaded):
    kinds = set(Organisation.objects.values_list("kind", flat=True))
    assert kinds == set(Organisation.Kind.values)
    covered = set(Organisation.objects.values_list("district__slug", flat=True))
    administrative = {d.slug for d in District.objects.all() if d.is_administrative}
    assert administrative <= covered
    assert Organisation.objects.filter(kind="district_government").count() == 38
    for code in Organisation.objects.exclude(credit_code=None).values_list(
        "credit_code", flat=True
    ):
        validate_credit_code(code)
    levels = set(Organisation.objects.filter(kind="public_institution").values_list("level"))
    assert levels == {("municipal",), ("district",)}
    assert set(Organisation.objects.values_list("status", flat=True)) == set(
        Organisation.Status.values
    )
    assert not Organisation.objects.filter(status="rejected", status_reason="").exists()


def test_every_account_can_log_in_and_every_organisation_has_an_owner(loaded):
    assert EmailAddress.objects.filter(verified=True, primary=True).count() == User.objects.count()
    assert not Organisation.objects.exclude(memberships__role="owner").exists()
    # Nobody is asked to accept the legal texts again on their first visit.
    assert Acceptance.objects.count() == 2 * User.objects.count()


@pytest.mark.parametrize("login", LOGINS, ids=[login.key for login in LOGINS])
def test_each_demo_log_in_logs_in_through_the_log_in_page(loaded, client, login):
    assert login.email in loaded
    response = client.post(LOGIN, {"login": login.email, "password": DEMO_PASSWORD})
    assert response.status_code == 302
    assert "confirm-email" not in response["Location"]
    assert client.session["_auth_user_id"] == str(User.objects.get(email=login.email).pk)


def test_the_demo_log_ins_have_their_roles(loaded):
    def role_of(key):
        return Membership.objects.select_related("organisation").get(
            user__email=f"{key}@example.com"
        )

    for key, group in (
        ("admin", "organiser-admin"),
        ("editor", "editor"),
        ("moderator", "moderator"),
        ("verifier", "verifier"),
        ("protocol", "protocol"),
    ):
        user = User.objects.get(email=f"{key}@example.com")
        assert user.is_staff
        assert list(user.groups.values_list("name", flat=True)) == [group]
    owner, recruiter, viewer = role_of("owner"), role_of("recruiter"), role_of("viewer")
    assert (owner.role, recruiter.role, viewer.role) == ("owner", "recruiter", "viewer")
    assert owner.organisation == recruiter.organisation == viewer.organisation
    assert owner.organisation.kind == "enterprise" and owner.organisation.is_verified
    reviewer = role_of("reviewer")
    assert reviewer.role == "recruiter"
    assert reviewer.organisation.level == "municipal" and reviewer.organisation.is_verified
    pending = role_of("pending")
    assert pending.role == "owner" and pending.organisation.status == "pending"
    talent = User.objects.get(email="talent@example.com")
    assert not talent.is_staff and not talent.memberships.exists()


def test_the_two_press_conferences(loaded):
    assert NewsItem.objects.filter(kind="press_release").count() == 2
    second = NewsItem.objects.get(slug="2020-second-press-conference")
    for figure in ("8,041", "288", "12,199", "607", "1,259", "1,063", "84.4%", "4,662", "40,000"):
        assert figure in second.body_en
    for figure in ("8041", "288", "12199", "607", "1259", "1063", "84.4%", "4662"):
        assert figure in second.body_zh_hans
    assert "November 21" in second.title_en and "11月21日" in second.title_zh_hans
    assert second.published_at == timezone.make_aware(datetime(2020, 11, 19, 11, 30))
    first = NewsItem.objects.get(slug="2020-first-press-conference")
    assert first.published_at < second.published_at
    assert first.title_zh_hans and first.body_en


def test_the_conference_and_the_site_settings(loaded):
    conference = Conference.objects.get(is_current=True)
    assert conference.name_en == "2020 Chongqing Talents Conference"
    assert conference.name_zh_hans == "2020重庆英才大会"
    assert timezone.localtime(conference.starts_at).date() == ANCHOR
    assert conference.online_description_en and conference.offline_description_zh_hans
    assert set(Venue.objects.values_list("kind", flat=True)) == {"main", "sub", "online"}
    site = SiteSettings.objects.get()
    assert site.report_phone == "+86-23-67230470"
    assert site.award_name_zh_hans and site.award_name_en == "Chongqing Outstanding Talents Award"
    assert "demo" in site.icp_number and "demo" in site.public_security_number
    assert site.site_name_en == "Talents Conference"  # the migration's, left alone


def test_by_default_the_conference_opens_tomorrow_after_both_press_conferences(db):
    demo("--scale", "0.01")
    conference = Conference.objects.get()
    assert timezone.localtime(conference.starts_at).date() == timezone.localdate() + timedelta(1)
    assert conference.phase == "upcoming"

    assert published_news().filter(kind="press_release").count() == 2


def test_messages_and_reports_at_every_status(loaded):
    assert set(Message.objects.values_list("status", flat=True)) == set(Message.Status.values)
    answered = Message.objects.filter(status__in=["published", "private"])
    assert not answered.filter(replies=None).exists()
    assert MessageReply.objects.filter(author__is_staff=True).count() == answered.count()
    assert set(Report.objects.values_list("status", flat=True)) == set(Report.Status.values)
    closed = Report.objects.filter(status__in=["resolved", "unfounded"])
    assert not closed.filter(public_response="").exists()
    assert Report.objects.exclude(status="received").filter(handled_by=None).count() == 0


def test_messages_read_like_different_people(loaded):
    """A question many ask is put in each writer's own words, not pasted."""
    asked = list(Message.objects.exclude(status="rejected").values_list("body", flat=True))
    assert len(asked) >= 2
    assert len(set(asked)) >= 0.8 * len(asked)


def test_every_date_comes_from_the_opening_day(loaded):
    """No row carries the time of the load (the test runs years after 2020)."""
    latest = timezone.make_aware(datetime.combine(ANCHOR, datetime.min.time())) + timedelta(2)
    for model in (User, Organisation, Membership, NewsItem, Message, MessageReply, Report):
        for field in model._meta.concrete_fields:
            if isinstance(field, models.DateTimeField):
                newest = model.objects.aggregate(newest=models.Max(field.name))["newest"]
                assert newest is None or newest < latest, f"{model.__name__}.{field.name}"


# --- Determinism ----------------------------------------------------------------------------
# How a row points at another, without the ids (which differ between databases).
NATURAL_KEYS = {
    User: ("email",),
    Organisation: ("name_zh_hans", "name_en"),
    Message: ("email", "created_at"),
    Conference: ("name_en",),
    District: ("slug",),
    Group: ("name",),
    LegalDocument: ("kind", "version"),
}
DIGESTED = (
    User,
    User.groups.through,
    EmailAddress,
    Acceptance,
    Organisation,
    Membership,
    Conference,
    Venue,
    NewsItem,
    Message,
    MessageReply,
    Report,
    SiteSettings,
)


def digest() -> str:
    """A hash of the demo's rows, independent of ids and row order."""
    total = hashlib.sha256()
    for model in DIGESTED:
        paths = []
        for field in model._meta.concrete_fields:
            if field.primary_key:
                continue
            if field.is_relation:
                keys = NATURAL_KEYS[field.related_model]
                paths += [f"{field.name}__{key}" for key in keys]
            else:
                paths.append(field.name)
        rows = sorted(repr(row) for row in model._base_manager.values_list(*paths))
        total.update(f"{model.__name__}:{len(rows)}\n".encode())
        for row in rows:
            total.update(row.encode())
    return total.hexdigest()


def test_same_arguments_same_data_and_reset_equals_a_fresh_load(loaded):
    first = digest()
    demo(*SMALL, "--reset", "--yes")
    assert digest() == first
    demo("--scale", "0.01", "--seed", "8", "--anchor", "2020-11-21", "--reset", "--yes")
    assert digest() != first
    demo("--scale", "0.01", "--seed", "7", "--anchor", "2021-11-20", "--reset", "--yes")
    assert digest() != first


# --- Refusals ---------------------------------------------------------------------------------
def test_refuses_a_database_that_holds_data(db):
    UserFactory(email="someone@example.com")
    message = refused(*SMALL)
    assert "already holds data" in message
    assert "--reset" in message and "--if-empty" in message
    assert User.objects.count() == 1
    assert not Organisation.objects.exists()


def test_if_empty_loads_an_empty_database_and_leaves_a_full_one(db):
    output = demo(*SMALL, "--if-empty")
    assert "Loaded the demo" in output
    users = User.objects.count()
    output = demo(*SMALL, "--if-empty")
    assert "nothing was loaded" in output
    assert DEMO_PASSWORD in output
    for login in LOGINS:
        assert login.email in output
    assert User.objects.count() == users


def test_if_empty_on_data_that_is_not_the_demo_prints_no_log_ins(db):
    NewsItemFactory()
    output = demo(*SMALL, "--if-empty")
    assert "nothing was loaded" in output
    assert "No demo log-ins" in output
    assert not User.objects.exists()


def test_reset_deletes_what_users_made_and_keeps_the_reference_data(loaded):
    UserFactory(email="someone@example.com")
    NewsItemFactory(slug="an-editors-news")
    Group.objects.create(name="not-a-staff-role")
    Page.objects.create(slug="faq", title_zh_hans="常见问题")
    districts, legal = District.objects.count(), LegalDocument.objects.count()
    LegalDocument.objects.create(kind="privacy", version=2, title="v2", body="v2")
    demo(*SMALL, "--reset", "--yes")
    assert not User.objects.filter(email="someone@example.com").exists()
    assert not NewsItem.objects.filter(slug="an-editors-news").exists()
    assert set(Group.objects.values_list("name", flat=True)) == {
        "organiser-admin",
        "editor",
        "moderator",
        "verifier",
        "recruitment",
        "protocol",
    }
    assert set(Page.objects.values_list("slug", flat=True)) == {"about", "contact"}
    assert (District.objects.count(), LegalDocument.objects.count()) == (districts, legal)
    assert User.objects.filter(email="admin@example.com").exists()


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--scale", "0"], "--scale must be a number above 0"),
        (["--scale", "-1"], "--scale must be a number above 0"),
        (["--scale", "abc"], "got “abc”"),
        (["--scale", "nan"], "--scale must be a number above 0"),
        (["--scale", "11"], "at most 10"),
        (["--seed", "x"], "--seed must be a whole number"),
        (["--anchor", "2020-13-01"], "--anchor must be a date written YYYY-MM-DD"),
        (["--anchor", "tomorrow"], "--anchor must be a date written YYYY-MM-DD"),
        (["--preset", "shanghai2021"], "Unknown preset “shanghai2021”"),
        (["--reset", "--if-empty"], "either --reset or --if-empty"),
    ],
)
def test_bad_arguments_are_refused_with_a_message(db, args, expected):
    assert expected in refused(*args)
    assert not User.objects.exists()
    assert not Organisation.objects.exists()


def test_a_failing_step_leaves_nothing_behind(db):
    def broken(ctx):
        raise RuntimeError("a step failed")

    preset = Preset(
        name="broken",
        counts=CHONGQING_2020.counts,
        steps=(Step("staff", accounts.load_staff, (User,)), Step("broken", broken)),
    )
    with pytest.raises(RuntimeError):
        loader.load(preset, seed=1, scale=0.01, anchor=ANCHOR)
    assert not User.objects.exists()
