"""`yingcai-match recommend` for projects and demands: stage, amount, districts, industries.

The new signals are optional: an input without them gives, byte for byte, the output the
engine gave before they existed (GOLDEN was computed with recommend.py as of commit 412d772,
before the change).
"""

import hashlib
import json
import random
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from yingcai.matching import jsonio
from yingcai.matching import recommend as rec
from yingcai.matching.errors import InputError

from .test_recommend import DISTRICTS, FIELDS, SMALL, WORDS, medium

GOLDEN = "44d6433d2ddcde42eadf1e8a7c9f4487afe707bfa038602344634fca01ed5ca4"


def old_inputs() -> list[dict]:
    """Inputs of the contract before issue 13: the CLI's examples and random ones."""
    cases = [SMALL, dict(SMALL, language="en"), dict(SMALL, k=0)]
    for seed in range(12):
        data = medium(seed, talents=30 + seed, jobs=20 + seed)
        rng = random.Random(seed)
        data["language"] = rng.choice(rec.LANGUAGES)
        data["k"] = rng.randint(1, 12)
        for talent in data["talents"]:
            talent["overseas"] = rng.random() < 0.3
            titles = ["正高级", "中级职称", "senior engineer"]
            talent["titles"] = rng.sample(titles, rng.randint(0, 1))
            if rng.random() < 0.3:
                talent["text"] += " " + " ".join(rng.sample(WORDS, 2))
        for job in data["jobs"]:
            if rng.random() < 0.2:
                job["fields"] = [rng.choice(FIELDS).upper()]
            if rng.random() < 0.2:
                job["district"] = rng.choice(DISTRICTS)
        cases.append(data)
    return cases


def digest(cases) -> str:
    h = hashlib.sha256()
    for data in cases:
        h.update(jsonio.dumps(rec.recommend_cli(json.loads(json.dumps(data)))))
    return h.hexdigest()


def test_inputs_without_the_new_signals_give_the_same_bytes_as_before():
    assert digest(old_inputs()) == GOLDEN


# --- projects and demands --------------------------------------------------------------------

STAGES = ["idea", "prototype", "revenue", "scaling"]
INDUSTRIES = ["电子信息", "智能制造", "生物医药", "新能源"]
CURRENCIES = ["CNY", "USD"]


def project(pid: str, **extra) -> dict:
    return {"id": pid, "fields": [], "text": "", **extra}


def demand(did: str, **extra) -> dict:
    return {"id": did, "fields": [], "text": "", **extra}


def run(projects, demands, k=10, language="zh-hans") -> dict:
    data = {"kind": "projects", "talents": projects, "jobs": demands, "k": k}
    return rec.recommend_cli(dict(data, language=language))


def item(result, side, owner, member) -> dict:
    return next(i for i in result[side][owner] if i["id"] == member)


@st.composite
def project_inputs(draw, max_projects=7, max_demands=7):
    ids = st.text(alphabet="abcAB1_中", min_size=1, max_size=3)
    amounts = st.none() | st.integers(0, 10).map(lambda n: n * 1_000_000)

    def amount_range():
        low, high = draw(amounts), draw(amounts)
        if low is not None and high is not None and low > high:
            low, high = high, low
        return {
            "amount_min": low,
            "amount_max": high,
            "currency": draw(st.sampled_from(CURRENCIES)),
        }

    projects = [
        {
            "id": pid,
            "fields": draw(st.lists(st.sampled_from(FIELDS), max_size=2)),
            "industries": draw(st.lists(st.sampled_from(INDUSTRIES), max_size=2)),
            "text": " ".join(draw(st.lists(st.sampled_from(WORDS), max_size=5))),
            "districts": draw(st.lists(st.sampled_from(DISTRICTS), max_size=1)),
            "stage": draw(st.none() | st.sampled_from(STAGES)),
            **amount_range(),
        }
        for pid in draw(st.lists(ids, unique=True, max_size=max_projects))
    ]
    demands = [
        {
            "id": did,
            "fields": draw(st.lists(st.sampled_from(FIELDS), max_size=2)),
            "industries": draw(st.lists(st.sampled_from(INDUSTRIES), max_size=2)),
            "text": " ".join(draw(st.lists(st.sampled_from(WORDS), max_size=5))),
            "districts": draw(st.lists(st.sampled_from(DISTRICTS), max_size=3)),
            "stages": draw(st.lists(st.sampled_from(STAGES), max_size=2, unique=True)),
            **amount_range(),
        }
        for did in draw(st.lists(ids, unique=True, max_size=max_demands))
    ]
    return {
        "kind": "projects",
        "talents": projects,
        "jobs": demands,
        "k": draw(st.integers(0, 8)),
        "language": draw(st.sampled_from(rec.LANGUAGES)),
    }


SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(project_inputs())
def test_project_lists_are_complete_sorted_and_say_why(data):
    result = rec.recommend_cli(data)
    for side, others in (("for_talents", data["jobs"]), ("for_jobs", data["talents"])):
        for items in result[side].values():
            assert len(items) == min(data["k"], len(others))
            keys = [(-i["score"], i["id"]) for i in items]
            assert keys == sorted(keys)
            assert all(0 < i["score"] <= 1 and i["why"] for i in items)


@SETTINGS
@given(project_inputs(max_projects=9, max_demands=9), st.integers(1, 12))
def test_project_reranks_and_small_blocks_equal_the_full_run(data, cells):
    recommender = rec.Recommender(data["talents"], data["jobs"], kind="projects")
    full = recommender.recommend_all(data["k"])
    for p in data["talents"]:
        assert recommender.rerank_talent(p, data["k"]) == full["for_talents"][p["id"]]
    for d in data["jobs"]:
        assert recommender.rerank_job(d, data["k"]) == full["for_jobs"][d["id"]]
    with mock.patch.object(rec, "BLOCK_CELLS", cells):
        assert recommender.recommend_all(data["k"]) == full


def test_a_stage_the_demand_does_not_want_halves_the_score():
    demands = [demand("d", stages=["prototype", "revenue"], text="芯片")]
    fits = run([project("p", stage="prototype", text="芯片")], demands)
    other = run([project("p", stage="idea", text="芯片")], demands)
    unknown = run([project("p", text="芯片")], demands)
    fit, off = fits["for_talents"]["p"][0], other["for_talents"]["p"][0]
    assert "阶段符合：prototype" in fit["why"]
    assert not any(w.startswith("阶段符合") for w in off["why"])
    assert off["score"] == pytest.approx(fit["score"] * rec.STAGE_PENALTY, abs=1e-4)
    assert unknown["for_talents"]["p"][0]["score"] == fit["score"]
    anyone = run([project("p", stage="idea", text="芯片")], [demand("d", text="芯片")])
    assert anyone["for_talents"]["p"][0]["score"] == fit["score"]


def test_amounts_in_one_currency_that_meet_are_a_reason_and_apart_a_penalty():
    investor = demand("d", text="芯片", amount_min=1_000_000, amount_max=5_000_000, currency="CNY")
    meets = run([project("p", text="芯片", amount_min=3_000_000, currency="CNY")], [investor])
    apart = run([project("p", text="芯片", amount_min=9_000_000, currency="CNY")], [investor])
    dollars = run([project("p", text="芯片", amount_min=9_000_000, currency="USD")], [investor])
    fit = meets["for_talents"]["p"][0]
    assert "金额相符：寻求 ≥ 3,000,000 CNY，可提供 1,000,000–5,000,000 CNY" in fit["why"]
    assert item(meets, "for_jobs", "d", "p")["why"] == fit["why"]
    assert apart["for_talents"]["p"][0]["score"] == pytest.approx(
        fit["score"] * rec.AMOUNT_PENALTY, abs=1e-4
    )
    assert dollars["for_talents"]["p"][0]["score"] == fit["score"]
    english = run(
        [project("p", text="chip", amount_max=2_000_000, currency="USD")],
        [demand("d", text="chip", amount_min=2_000_000, amount_max=2_000_000, currency="USD")],
        language="en",
    )
    assert (
        "amount fits: seeks ≤ 2,000,000 USD, offers 2,000,000 USD"
        in (english["for_talents"]["p"][0]["why"])
    )


def test_a_demand_in_several_districts_matches_any_of_them():
    projects = [project("p", districts=["两江新区"], text="芯片")]
    several = run(projects, [demand("d", districts=["渝北区", "两江新区"], text="芯片")])
    one = run(projects, [demand("d", district="两江新区", text="芯片")])
    elsewhere = run(projects, [demand("d", districts=["渝北区", "沙坪坝区"], text="芯片")])
    anywhere = run([project("p", text="芯片")], [demand("d", districts=["渝北区"], text="芯片")])
    assert several["for_talents"]["p"][0]["score"] == one["for_talents"]["p"][0]["score"]
    assert "意向区县：两江新区" in several["for_talents"]["p"][0]["why"]
    assert "项目意向区县：两江新区" in several["for_jobs"]["d"][0]["why"]
    assert elsewhere["for_talents"]["p"][0]["score"] < one["for_talents"]["p"][0]["score"]
    assert not any("区县" in w for w in elsewhere["for_talents"]["p"][0]["why"])
    # A project that wished for no district is as good anywhere (D = 0.5).
    assert (
        elsewhere["for_talents"]["p"][0]["score"]
        < anywhere["for_talents"]["p"][0]["score"]
        < one["for_talents"]["p"][0]["score"]
    )


def test_industries_in_common_raise_the_score_and_are_named():
    both = run(
        [project("p", industries=["电子信息"], text="芯片")],
        [demand("d", industries=["电子信息", "新能源"], text="芯片")],
    )
    none = run(
        [project("p", industries=["生物医药"], text="芯片")],
        [demand("d", industries=["电子信息", "新能源"], text="芯片")],
    )
    assert "同属产业：电子信息" in both["for_talents"]["p"][0]["why"]
    assert both["for_talents"]["p"][0]["score"] > none["for_talents"]["p"][0]["score"]
    # An industry and a field of the same name are different things.
    crossed = run(
        [project("p", fields=["电子信息"], text="芯片")],
        [demand("d", industries=["电子信息"], text="芯片")],
    )
    assert not any(
        w.startswith(("同属产业", "学科领域")) for w in crossed["for_talents"]["p"][0]["why"]
    )


def test_a_project_pair_with_nothing_in_common_says_overall_fit():
    result = run([project("p", text="芯片")], [demand("d", text="疫苗")])
    assert result["for_talents"]["p"][0]["why"] == ["综合匹配"]
    english = run([project("p", text="chip")], [demand("d", text="vaccine")], language="en")
    assert english["for_jobs"]["d"][0]["why"] == ["overall fit"]


def test_the_talents_kind_needs_a_degree_and_the_projects_kind_does_not():
    with pytest.raises(InputError) as caught:
        rec.recommend_cli({"talents": [project("p")], "jobs": []})
    assert caught.value.field == "talents[0].degree"
    assert rec.recommend_cli({"kind": "projects", "talents": [project("p")], "jobs": []}) == {
        "for_talents": {"p": []},
        "for_jobs": {},
    }


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"kind": "jobs"}, "kind"),
        ({"talents": [project("p", stage="")]}, "talents[0].stage"),
        ({"talents": [project("p", stage=3)]}, "talents[0].stage"),
        ({"talents": [project("p", industries="电子信息")]}, "talents[0].industries"),
        ({"talents": [project("p", amount_min=5, amount_max=4)]}, "talents[0].amount_max"),
        ({"talents": [project("p", amount_min=-5)]}, "talents[0].amount_min"),
        ({"talents": [project("p", currency=["CNY"])]}, "talents[0].currency"),
        ({"jobs": [demand("d", stages=[""])]}, "jobs[0].stages[0]"),
        ({"jobs": [demand("d", districts="渝北区")]}, "jobs[0].districts"),
        ({"jobs": [demand("d", amount_max=10**16)]}, "jobs[0].amount_max"),
    ],
)
def test_bad_project_input_names_the_field(cli, data, field):
    payload = {"kind": "projects", "talents": [], "jobs": [], **data}
    result = cli(["recommend"], payload)
    assert result.code == 2 and result.stdout == b""
    assert result.stderr.startswith(field + ":"), result.stderr
