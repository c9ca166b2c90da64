"""The organisers' side of recruitment: rounds, their steps, the ratio, objections, the admin."""

from datetime import timedelta

import pytest
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

from yingcai.core.models import AuditEntry
from yingcai.core.rules import STAFF_RECRUITMENT
from yingcai.institutions import services
from yingcai.institutions.models import (
    Certificate,
    Objection,
    Post,
    PostApplication,
    PostQuestion,
    Round,
)

from ..factories import MembershipFactory, StaffFactory, UserFactory
from ..talents.helpers import PDF
from .factories import PostFactory, RoundFactory, applicant, apply_to, institution

A = PostApplication.Status


def en(name, *args):
    with translation.override("en"):
        return reverse(name, args=args)


def local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


# The texts are given in Chinese unless a test names the language.
CHINESE = {"title": "title_zh_hans", "announcement": "announcement_zh_hans"}


def round_data(**overrides):
    now = timezone.now()
    data = {
        "title_zh_hans": "2020年重庆英才大会事业单位专项招聘",
        "title_en": "Chongqing 2020: public institutions recruit",
        "announcement_zh_hans": "## 公告\n\n面向海内外招聘博士。",
        "announcement_en": "## Announcement\n\nDoctors wanted.",
        "mode": "single",
        "max_preferences": 3,
        "ratio": 3,
        "registration_opens": local(now - timedelta(hours=1)),
        "registration_closes": local(now + timedelta(days=7)),
        "review_closes": local(now + timedelta(days=10)),
        "transfer_closes": local(now + timedelta(days=12)),
        "assessment_starts": (timezone.localdate() + timedelta(days=14)).isoformat(),
        "assessment_ends": (timezone.localdate() + timedelta(days=20)).isoformat(),
        "publicity_days": 7,
        "certificate_retention_days": 180,
    }
    data.update({CHINESE.get(k, k): v for k, v in overrides.items()})
    return data


@pytest.fixture
def organiser(db):
    return StaffFactory(roles=[STAFF_RECRUITMENT])


@pytest.fixture
def public_institution(db):
    return institution()


@pytest.fixture
def institution_owner(public_institution):
    return MembershipFactory(organisation=public_institution, role="owner").user


@pytest.fixture
def institution_recruiter(public_institution):
    return MembershipFactory(organisation=public_institution, role="recruiter").user


def page_of(response) -> str:
    return response.content.decode()


def step(client, round_, slug):
    return client.post(en("orga_recruitment:round_step", round_.pk, slug), follow=True)


# --- The life cycle ---------------------------------------------------------------------------
@pytest.mark.django_db
def test_round_life_cycle_through_the_pages(
    client, organiser, mailoutbox, django_capture_on_commit_callbacks, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(organiser)

    # Created as a draft through the form.
    response = client.post(en("orga_recruitment:round_create"), round_data())
    round_ = Round.objects.get()
    assert response.status_code == 302
    assert response.url == en("orga_recruitment:round", round_.pk)
    assert round_.phase == Round.Phase.DRAFT and round_.created_by == organiser
    assert AuditEntry.objects.filter(action="round.created", actor=organiser).exists()

    # Registration needs a post first: a clear message, nothing changes.
    page = page_of(step(client, round_, "open-registration"))
    assert "Add at least one post before opening registration." in page
    round_.refresh_from_db()
    assert round_.phase == Round.Phase.DRAFT

    municipal, district, small = institution(), institution(level="district"), institution()
    reviewers = {
        org.pk: MembershipFactory(organisation=org, role="recruiter").user
        for org in (municipal, district, small)
    }
    big = PostFactory(round=round_, institution=municipal, code="M001", headcount=2)
    fine = PostFactory(round=round_, institution=district, code="D001", headcount=1)
    lonely = PostFactory(round=round_, institution=small, code="M002", headcount=1)
    page = page_of(step(client, round_, "open-registration"))
    assert "Registration is open" in page
    round_.refresh_from_db()
    assert round_.phase == Round.Phase.REGISTRATION

    # Talents apply (4 to a post of 2 places, 3 to one of 1, 1 to another of 1).
    applications = {big.pk: [], fine.pk: [], lonely.pk: []}
    for post, n in ((big, 4), (fine, 3), (lonely, 1)):
        for _i in range(n):
            applications[post.pk] += apply_to(applicant(), post)
    stray = applications[lonely.pk][0]
    services.upload_certificate(stray.talent, round_, "degree", ContentFile(PDF, name="degree.pdf"))
    for rows in applications.values():
        for application in rows:
            services.review(reviewers[application.post.institution_id], application, "approve")

    page = page_of(step(client, round_, "close-registration"))
    assert "Registration is closed" in page
    round_.refresh_from_db()
    assert round_.phase == Round.Phase.REVIEW

    # The ratio report: the two posts below 1:3 stand out, with the transfer window.
    page = page_of(client.get(en("orga_recruitment:round", round_.pk)))
    assert page.count('data-testid="post-row"') == 3
    assert page.count('data-testid="below-ratio"') == 2
    assert f'id="post-{big.pk}" data-testid="post-row" class="below-ratio"' in page
    assert f'id="post-{lonely.pk}" data-testid="post-row" class="below-ratio"' in page
    assert f'id="post-{fine.pk}" data-testid="post-row">' in page
    assert "the applicants of a reduced or cancelled post may transfer (改报)" in page
    only_below = page_of(client.get(en("orga_recruitment:round", round_.pk), {"below": "1"}))
    assert only_below.count('data-testid="post-row"') == 2

    # Reduce the big post to what its applicants support; cancel the lonely one.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            en("orga_recruitment:post_reduce", big.pk), {"places": "1"}, follow=True
        )
    assert "reduced to 1 place" in page_of(response)
    big.refresh_from_db()
    assert big.status == Post.Status.REDUCED and big.places == 1 and big.headcount == 2
    assert len(mailoutbox) == 4
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(en("orga_recruitment:post_cancel", lonely.pk), follow=True)
    assert "is cancelled" in page_of(response)
    lonely.refresh_from_db()
    stray.refresh_from_db()
    assert lonely.status == Post.Status.CANCELLED and stray.status == A.CANCELLED
    assert [m.to for m in mailoutbox] == [[stray.talent.email]]
    page = page_of(client.get(en("orga_recruitment:round", round_.pk)))
    assert page.count('data-testid="below-ratio"') == 0

    # The stray applicant transfers; the assessment waits for the review of the transfer.
    services.give_consents(stray.talent, [district])
    moved = services.transfer(stray.talent, stray, fine)
    page = page_of(step(client, round_, "open-assessment"))
    assert "1 applications still await a review decision." in page
    round_.refresh_from_db()
    assert round_.phase == Round.Phase.REVIEW
    services.review(reviewers[district.pk], moved, "approve")
    page = page_of(step(client, round_, "open-assessment"))
    assert "The assessment is open." in page
    round_.refresh_from_db()
    assert round_.phase == Round.Phase.ASSESSMENT

    # Scores: the first applicant of each post best, the transferred one second on its post.
    best = {big.pk: applications[big.pk][0], fine.pk: applications[fine.pk][0]}
    runner_up = moved
    for application in PostApplication.objects.filter(round=round_, status=A.APPROVED):
        score = 90 if application in best.values() else 85 if application == runner_up else 70
        services.enter_score(
            reviewers[application.post.institution_id], application, "panel", "评委甲", score
        )
    with django_capture_on_commit_callbacks(execute=True):
        page = page_of(step(client, round_, "start-publicity"))
    assert "The publicity has started" in page
    round_.refresh_from_db()
    assert round_.phase == Round.Phase.PUBLICITY and round_.publicity_starts
    proposed = set(PostApplication.objects.filter(round=round_, status=A.PROPOSED))
    assert proposed == set(best.values())
    page = page_of(client.get(en("orga_recruitment:round", round_.pk)))
    assert page.count('data-testid="proposal"') == 2
    assert "The publicity runs until" in page

    # Objections: one upheld (the next in rank fills the place), one dismissed.
    for application in best.values():
        application.refresh_from_db()
    upheld = services.object_to(best[fine.pk], "王五", "wang@example.com", "学历造假")
    dismissed = services.object_to(best[big.pk], "赵六", "zhao@example.com", "不符合条件")
    page = page_of(step(client, round_, "confirm-placement"))
    assert "The publicity runs until" in page
    page = page_of(client.get(en("orga_recruitment:round", round_.pk)))
    assert page.count('data-testid="objection"') == 2
    assert "2 objections await your answer." in page
    response = client.post(
        en("orga_recruitment:objection_handle", upheld.pk), {"decision": "upheld"}, follow=True
    )
    assert "Choose upheld or dismissed and write the response." in page_of(response)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            en("orga_recruitment:objection_handle", upheld.pk),
            {"decision": "upheld", "response": "经核查属实，取消拟聘资格。"},
        )
        client.post(
            en("orga_recruitment:objection_handle", dismissed.pk),
            {"decision": "dismissed", "response": "经核查，符合岗位条件。"},
        )
    upheld.refresh_from_db()
    dismissed.refresh_from_db()
    runner_up.refresh_from_db()
    assert upheld.status == Objection.Status.UPHELD and upheld.handled_by == organiser
    assert dismissed.status == Objection.Status.DISMISSED
    assert runner_up.status == A.PROPOSED and runner_up.substitute
    page = page_of(client.get(en("orga_recruitment:round", round_.pk)))
    assert "substitute (递补)" in page and "经核查属实" in page
    response = client.post(
        en("orga_recruitment:objection_handle", dismissed.pk),
        {"decision": "upheld", "response": "再议"},
        follow=True,
    )
    assert "This objection has already been answered." in page_of(response)

    # Confirmed once the publicity period is over.
    Round.objects.filter(pk=round_.pk).update(
        publicity_starts=timezone.now() - timedelta(days=round_.publicity_days, minutes=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        page = page_of(step(client, round_, "confirm-placement"))
    assert "Placement confirmed" in page
    round_.refresh_from_db()
    assert round_.phase == Round.Phase.CLOSED and round_.closed_at
    placed = set(PostApplication.objects.filter(round=round_, status=A.PLACED))
    assert placed == {best[big.pk], runner_up}
    assert not PostApplication.objects.filter(round=round_, status=A.APPROVED).exists()
    certificate = Certificate.objects.get()
    assert certificate.delete_after > timezone.now() + timedelta(days=179)
    page = page_of(client.get(en("orga_recruitment:round", round_.pk)))
    assert 'data-testid="next-step"' not in page
    assert "Placed hires" in page

    # The figures of the round follow.
    page = page_of(client.get(en("orga_recruitment:statistics"), {"round": round_.pk}))
    assert 'data-testid="posts-filled">2<' in page
    assert 'data-testid="posts-cancelled">1<' in page


# --- Who may --------------------------------------------------------------------------------------
REFUSED = [
    "anonymous",
    "talent",
    "institution_owner",
    "institution_recruiter",
    "plain_staff",
    "editor",
    "moderator",
    "verifier",
]


@pytest.fixture
def scene(db, public_institution):
    """A round taking applications with a post, and a round in publicity with an objection."""
    open_round = RoundFactory()
    post = PostFactory(round=open_round, institution=public_institution)
    apply_to(applicant(), post)
    shown = RoundFactory(phase=Round.Phase.PUBLICITY, publicity_starts=timezone.now())
    proposed_post = PostFactory(round=shown, institution=public_institution)
    hire = PostApplication.objects.create(
        round=shown,
        post=proposed_post,
        talent=applicant(),
        degree="doctor",
        birth_date="1990-01-01",
        status=A.PROPOSED,
        rank_in_post=1,
    )
    objection = services.object_to(hire, "王五", "wang@example.com", "学历造假")
    return {"round": open_round, "post": post, "shown": shown, "objection": objection}


def requests_of(scene):
    round_, post, shown = scene["round"], scene["post"], scene["shown"]
    return [
        ("get", en("orga_recruitment:rounds"), None),
        ("get", en("orga_recruitment:round_create"), None),
        ("post", en("orga_recruitment:round_create"), round_data()),
        ("get", en("orga_recruitment:round", round_.pk), None),
        ("get", en("orga_recruitment:round_edit", round_.pk), None),
        ("post", en("orga_recruitment:round_edit", round_.pk), round_data(title="改过")),
        ("post", en("orga_recruitment:round_step", round_.pk, "close-registration"), {}),
        ("post", en("orga_recruitment:round_step", shown.pk, "confirm-placement"), {}),
        ("post", en("orga_recruitment:post_cancel", post.pk), {}),
        ("post", en("orga_recruitment:post_reduce", post.pk), {"places": 1}),
        (
            "post",
            en("orga_recruitment:objection_handle", scene["objection"].pk),
            {"decision": "upheld", "response": "属实"},
        ),
        ("get", en("orga_recruitment:statistics"), None),
    ]


def state(scene) -> tuple:
    objection = Objection.objects.get(pk=scene["objection"].pk)
    return (
        Round.objects.count(),
        list(Round.objects.order_by("pk").values_list("title", "phase")),
        list(Post.objects.order_by("pk").values_list("status", "headcount")),
        objection.status,
    )


@pytest.mark.django_db
@pytest.mark.parametrize("who", REFUSED)
def test_every_page_and_step_is_refused_to_the_wrong_role(client, request, scene, who):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    before = state(scene)
    for method, url, data in requests_of(scene):
        response = getattr(client, method)(url, data or {})
        if who == "anonymous":
            assert response.status_code == 302, url
            assert "/accounts/login/" in response.url, url
        else:
            assert response.status_code == 403, url
    assert state(scene) == before


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["organiser", "staff_admin"])
def test_recruitment_staff_and_organiser_administrators_run_rounds(client, request, scene, who):
    client.force_login(request.getfixturevalue(who))
    for method, url, _data in requests_of(scene):
        if method == "get":
            assert client.get(url).status_code == 200, url
    page = page_of(step(client, scene["round"], "close-registration"))
    assert "Registration is closed" in page


@pytest.mark.django_db
def test_services_refuse_the_wrong_role_too(scene, institution_recruiter, talent):

    for who in (institution_recruiter, talent):
        with pytest.raises(PermissionDenied):
            services.close_registration(who, scene["round"])
        with pytest.raises(PermissionDenied):
            services.cancel_post(who, scene["post"])
        with pytest.raises(PermissionDenied):
            services.handle_objection(who, scene["objection"], False, "不成立")


@pytest.mark.django_db
def test_unknown_step_and_missing_objects_are_not_found(client, organiser, scene):
    client.force_login(organiser)
    assert (
        client.post(en("orga_recruitment:round_step", scene["round"].pk, "jump")).status_code == 404
    )
    assert client.get(en("orga_recruitment:round", 99999)).status_code == 404
    assert client.post(en("orga_recruitment:post_cancel", 99999)).status_code == 404
    assert client.post(en("orga_recruitment:objection_handle", 99999)).status_code == 404
    assert (
        client.get(en("orga_recruitment:round_step", scene["round"].pk, "jump")).status_code == 405
    )


# --- The wrong phase ------------------------------------------------------------------------------
STEP_PHASE = {
    "open-registration": Round.Phase.DRAFT,
    "close-registration": Round.Phase.REGISTRATION,
    "open-assessment": Round.Phase.REVIEW,
    "start-publicity": Round.Phase.ASSESSMENT,
    "confirm-placement": Round.Phase.PUBLICITY,
}


@pytest.mark.django_db
@pytest.mark.parametrize("slug", list(STEP_PHASE))
def test_each_step_is_refused_in_the_wrong_phase_with_a_clear_message(client, organiser, slug):
    client.force_login(organiser)
    for phase in Round.Phase.values:
        if phase == STEP_PHASE[slug]:
            continue
        round_ = RoundFactory(phase=phase)
        PostFactory(round=round_)
        page = page_of(step(client, round_, slug))
        label = Round.Phase(phase).label
        with translation.override("en"):
            assert f"This cannot be done while the round is at the step: {label}." in page, phase
        round_.refresh_from_db()
        assert round_.phase == phase


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("phase", "action", "allowed"),
    [
        (Round.Phase.REGISTRATION, "reduce", False),
        (Round.Phase.ASSESSMENT, "reduce", False),
        (Round.Phase.CLOSED, "reduce", False),
        (Round.Phase.DRAFT, "cancel", False),
        (Round.Phase.ASSESSMENT, "cancel", False),
        (Round.Phase.PUBLICITY, "cancel", False),
        (Round.Phase.REVIEW, "reduce", True),
        (Round.Phase.REGISTRATION, "cancel", True),
    ],
)
def test_reduce_and_cancel_only_while_the_ratio_is_settled(
    client, organiser, phase, action, allowed
):
    post = PostFactory(round=RoundFactory(phase=phase), headcount=3)
    client.force_login(organiser)
    page = page_of(
        client.post(en(f"orga_recruitment:post_{action}", post.pk), {"places": 2}, follow=True)
    )
    post.refresh_from_db()
    if allowed:
        assert post.status == ("reduced" if action == "reduce" else "cancelled")
    else:
        with translation.override("en"):
            label = Round.Phase(phase).label
        assert f"This cannot be done while the round is at the step: {label}." in page
        assert post.status == Post.Status.OPEN and post.places == 3


@pytest.mark.django_db
@pytest.mark.parametrize("places", ["0", "3", "7", "", "abc", "-1"])
def test_a_reduction_keeps_between_one_place_and_fewer_than_before(client, organiser, places):
    post = PostFactory(round=RoundFactory(phase=Round.Phase.REVIEW), headcount=3)
    client.force_login(organiser)
    response = client.post(en("orga_recruitment:post_reduce", post.pk), {"places": places})
    assert response.status_code == 302
    page = page_of(client.get(response.url))
    assert "A reduced post keeps between 1 and 2 places." in page or (
        "Give the number of places the post keeps." in page
    )
    post.refresh_from_db()
    assert post.status == Post.Status.OPEN and post.reduced_headcount is None


@pytest.mark.django_db
def test_a_cancelled_post_is_not_cancelled_again(client, organiser):
    post = PostFactory(round=RoundFactory(phase=Round.Phase.REVIEW), status="cancelled")
    client.force_login(organiser)
    page = page_of(client.post(en("orga_recruitment:post_cancel", post.pk), follow=True))
    assert "is already cancelled" in page
    assert not AuditEntry.objects.filter(action="post.cancelled").exists()


@pytest.mark.django_db
def test_objections_are_answered_during_the_publicity_only(client, organiser, scene):
    Round.objects.filter(pk=scene["shown"].pk).update(phase=Round.Phase.CLOSED)
    client.force_login(organiser)
    response = client.post(
        en("orga_recruitment:objection_handle", scene["objection"].pk),
        {"decision": "dismissed", "response": "不成立"},
        follow=True,
    )
    assert "This cannot be done while the round is at the step: placement confirmed." in (
        page_of(response)
    )
    assert Objection.objects.get().status == Objection.Status.RECEIVED


@pytest.mark.django_db
def test_placement_waits_for_every_objection(client, organiser, scene):
    Round.objects.filter(pk=scene["shown"].pk).update(
        publicity_starts=timezone.now() - timedelta(days=30)
    )
    client.force_login(organiser)
    page = page_of(step(client, scene["shown"], "confirm-placement"))
    assert "Answer every objection before confirming the placement." in page
    assert Round.objects.get(pk=scene["shown"].pk).phase == Round.Phase.PUBLICITY


@pytest.mark.django_db
def test_publicity_needs_scores(client, organiser):
    round_ = RoundFactory(phase=Round.Phase.ASSESSMENT)
    PostFactory(round=round_)
    client.force_login(organiser)
    page = page_of(step(client, round_, "start-publicity"))
    assert "Nobody can be proposed yet: enter the scores first." in page
    assert Round.objects.get().phase == Round.Phase.ASSESSMENT


# --- The round form ---------------------------------------------------------------------------
@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"title": ""}, "This field is required."),
        (
            {"registration_closes": local(timezone.now() - timedelta(days=1))},
            "Registration must close after it opens.",
        ),
        (
            {"review_closes": local(timezone.now())},
            "The review cannot end before registration closes.",
        ),
        (
            {"assessment_ends": timezone.localdate().isoformat()},
            "The assessment cannot end before it starts.",
        ),
        (
            {"transfer_closes": local(timezone.now() + timedelta(days=2))},
            "Transfers cannot close before registration does.",
        ),
        (
            {"mode": "preference", "max_preferences": 1},
            "Ensure this value is greater than or equal to 2.",
        ),
        ({"ratio": 0}, "Ensure this value is greater than or equal to 1."),
        ({"ratio": 70000}, "Ensure this value is less than or equal to 20."),
        ({"publicity_days": "x"}, "Enter a whole number."),
        ({"registration_opens": "not a date"}, "Enter a valid date/time."),
        ({"mode": "lottery"}, "Select a valid choice."),
    ],
)
def test_bad_round_forms_are_answered_clearly(client, organiser, overrides, message):
    client.force_login(organiser)
    response = client.post(en("orga_recruitment:round_create"), round_data(**overrides))
    assert response.status_code == 400
    assert message in page_of(response)
    assert not Round.objects.exists()


@pytest.mark.django_db
def test_editing_a_round_keeps_its_rules_once_registration_closed(client, organiser):
    round_ = RoundFactory(phase=Round.Phase.REVIEW, ratio=3)
    client.force_login(organiser)
    response = client.get(en("orga_recruitment:round_edit", round_.pk))
    assert "Fixed once registration has closed." in page_of(response)
    response = client.post(
        en("orga_recruitment:round_edit", round_.pk),
        round_data(
            ratio=1,
            mode="preference",
            publicity_days=10,
            registration_opens=local(round_.registration_opens),
        ),
    )
    assert response.status_code == 302
    round_.refresh_from_db()
    assert round_.ratio == 3 and round_.mode == "single" and round_.publicity_days == 10
    changed = AuditEntry.objects.filter(action="round.changed").get().data["fields"]
    assert "publicity_days" in changed and not {"ratio", "mode"} & set(changed)


@pytest.mark.django_db
def test_a_refused_edit_shows_the_round_as_stored(client, organiser):
    round_ = RoundFactory(title="原标题")
    client.force_login(organiser)
    response = client.post(
        en("orga_recruitment:round_edit", round_.pk),
        round_data(title="新标题", review_closes=local(timezone.now())),
    )
    assert response.status_code == 400
    page = page_of(response)
    assert "Edit “原标题”" in page
    assert Round.objects.get().title == "原标题"


# --- Lists stay bounded ------------------------------------------------------------------------
def populate(rounds: int, posts: int, applicants: int):
    for _r in range(rounds):
        round_ = RoundFactory()
        for _p in range(posts):
            post = PostFactory(round=round_)
            for _a in range(applicants):
                apply_to(applicant(), post)


@pytest.mark.django_db
def test_round_list_counts_in_bounded_queries(client, organiser, django_assert_max_num_queries):
    populate(rounds=2, posts=2, applicants=2)
    client.force_login(organiser)
    with django_assert_max_num_queries(10):
        page = page_of(client.get(en("orga_recruitment:rounds")))
    assert page.count('data-testid="round-row"') == 2
    populate(rounds=3, posts=3, applicants=1)
    with django_assert_max_num_queries(10):
        page = page_of(client.get(en("orga_recruitment:rounds")))
    assert page.count('data-testid="round-row"') == 5


@pytest.mark.django_db
def test_round_page_stays_bounded(client, organiser, django_assert_max_num_queries):
    round_ = RoundFactory(phase=Round.Phase.REVIEW)
    for _p in range(6):
        post = PostFactory(round=round_, headcount=2)
        for _a in range(3):
            PostApplication.objects.create(
                round=round_,
                post=post,
                talent=UserFactory(),
                degree="doctor",
                birth_date="1990-01-01",
                status=A.APPROVED,
            )
    client.force_login(organiser)
    with django_assert_max_num_queries(12):
        page = page_of(client.get(en("orga_recruitment:round", round_.pk)))
    assert page.count('data-testid="post-row"') == 6
    assert page.count('data-testid="below-ratio"') == 6
    found = page_of(client.get(en("orga_recruitment:round", round_.pk), {"q": post.code}))
    assert found.count('data-testid="post-row"') == 1


@pytest.mark.django_db
def test_publicity_page_stays_bounded(client, organiser, django_assert_max_num_queries):
    round_ = RoundFactory(phase=Round.Phase.PUBLICITY, publicity_starts=timezone.now())
    for _p in range(5):
        post = PostFactory(round=round_)
        hire = PostApplication.objects.create(
            round=round_,
            post=post,
            talent=UserFactory(),
            degree="doctor",
            birth_date="1990-01-01",
            status=A.PROPOSED,
            rank_in_post=1,
        )
        services.object_to(hire, "王五", "wang@example.com", "异议")
    client.force_login(organiser)
    with django_assert_max_num_queries(14):
        page = page_of(client.get(en("orga_recruitment:round", round_.pk)))
    assert page.count('data-testid="proposal"') == 5
    assert page.count('data-testid="objection"') == 5


# --- The back office ----------------------------------------------------------------------------
@pytest.mark.django_db
def test_admin_lists_recruitment_read_only_without_certificates(client, organiser, scene):

    PostQuestion.objects.create(post=scene["post"], text="请简述研究方向")
    client.force_login(organiser)
    assert Certificate not in admin.site._registry
    for model in ("round", "post", "postapplication", "reviewdecision", "score", "objection"):
        assert client.get(f"/admin/institutions/{model}/").status_code == 200, model
        assert client.get(f"/admin/institutions/{model}/add/").status_code == 403, model
    page = page_of(client.get(f"/admin/institutions/post/{scene['post'].pk}/change/"))
    assert "请简述研究方向" in page
    response = client.post(
        f"/admin/institutions/round/{scene['round'].pk}/change/", {"title": "改"}
    )
    assert response.status_code == 403
    assert client.post(f"/admin/institutions/round/{scene['round'].pk}/delete/").status_code == 403
    assert Round.objects.get(pk=scene["round"].pk).title != "改"


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["editor", "moderator", "verifier", "plain_staff"])
def test_admin_hides_recruitment_from_other_staff(client, request, who):
    client.force_login(request.getfixturevalue(who))
    for model in ("round", "post", "postapplication", "reviewdecision", "score", "objection"):
        assert client.get(f"/admin/institutions/{model}/").status_code == 403, model


# --- Certificates past their retention ----------------------------------------------------------
@pytest.mark.django_db
def test_purge_deletes_only_expired_certificates_and_their_files(settings, tmp_path, capsys):
    settings.MEDIA_ROOT = tmp_path
    round_ = RoundFactory()
    talent = applicant()
    certificates = [
        services.upload_certificate(talent, round_, kind, ContentFile(PDF, name=f"{kind}.pdf"))
        for kind in ("degree", "title", "identity")
    ]
    expired, kept, undated = certificates
    Certificate.objects.filter(pk=expired.pk).update(
        delete_after=timezone.now() - timedelta(minutes=1)
    )
    Certificate.objects.filter(pk=kept.pk).update(delete_after=timezone.now() + timedelta(days=1))
    paths = {c.pk: c.file.path for c in certificates}
    assert all((tmp_path / p).exists() for p in paths.values())

    with translation.override("en"):
        call_command("purge_certificates")
    assert "Deleted 1 certificate past its retention period." in capsys.readouterr().out
    assert set(Certificate.objects.values_list("pk", flat=True)) == {kept.pk, undated.pk}
    assert not (tmp_path / paths[expired.pk]).exists()
    assert (tmp_path / paths[kept.pk]).exists() and (tmp_path / paths[undated.pk]).exists()
    assert AuditEntry.objects.filter(action="recruitment.certificates_purged").get().data == {
        "count": 1
    }

    with translation.override("en"):
        call_command("purge_certificates")
    assert "Deleted 0 certificates past their retention period." in capsys.readouterr().out
