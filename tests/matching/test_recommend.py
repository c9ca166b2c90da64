"""`yingcai-match recommend`: invariants (hypothesis), reasons, re-ranking and the CLI contract."""

import json
import random
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from yingcai.matching import jsonio
from yingcai.matching import recommend as rec
from yingcai.matching.errors import InputError

from .conftest import run_process

LEVEL = {d: i for i, d in enumerate(rec.DEGREES)}
FIELDS = ["电子信息", "生物医药", "新能源", "Finance", "finance ", "smart  manufacturing"]
DISTRICTS = ["渝北区", "两江新区", "沙坪坝区", "九龙坡区"]
WORDS = [
    "芯片", "嵌入式", "锂电池", "疫苗", "区块链", "传感器", "储能", "集成电路", "临床试验",
    "chip", "embedded", "battery", "vaccine", "blockchain", "sensors", "storage", "clinical",
]  # fmt: skip
SEPARATORS = ["", "，", " ", "、", "。"]
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def eligible(talent: dict, job: dict) -> bool:
    return job.get("degree_min") is None or LEVEL[talent["degree"]] >= LEVEL[job["degree_min"]]


@st.composite
def texts(draw):
    parts = draw(st.lists(st.sampled_from(WORDS), max_size=6))
    glue = draw(st.sampled_from(SEPARATORS))
    return glue.join(parts)


@st.composite
def inputs(draw, max_talents=7, max_jobs=7):
    ids = st.text(alphabet="abcAB1_中", min_size=1, max_size=3)
    talent_ids = draw(st.lists(ids, unique=True, max_size=max_talents))
    job_ids = draw(st.lists(ids, unique=True, max_size=max_jobs))
    salaries = st.none() | st.integers(0, 40).map(lambda n: n * 1000)
    talents = [
        {
            "id": tid,
            "degree": draw(st.sampled_from(rec.DEGREES)),
            "titles": draw(st.lists(st.sampled_from(["正高级", "副高级", "中级"]), max_size=1)),
            "fields": draw(st.lists(st.sampled_from(FIELDS), max_size=2)),
            "text": draw(texts()),
            "districts": draw(st.lists(st.sampled_from(DISTRICTS), max_size=2)),
            "salary_min": draw(salaries),
            "overseas": draw(st.booleans()),
        }
        for tid in talent_ids
    ]
    jobs = [
        {
            "id": jid,
            "degree_min": draw(st.none() | st.sampled_from(rec.DEGREES)),
            "fields": draw(st.lists(st.sampled_from(FIELDS), max_size=2)),
            "text": draw(texts()),
            "district": draw(st.none() | st.sampled_from(DISTRICTS)),
            "salary_max": draw(salaries),
            "headcount": draw(st.integers(0, 5)),
        }
        for jid in job_ids
    ]
    k = draw(st.integers(0, 8))
    language = draw(st.sampled_from(rec.LANGUAGES))
    return {"talents": talents, "jobs": jobs, "k": k, "language": language}


def check_lists(data: dict, result: dict) -> None:
    talents = {t["id"]: t for t in data["talents"]}
    jobs = {j["id"]: j for j in data["jobs"]}
    k = data["k"]
    assert list(result) == ["for_talents", "for_jobs"]
    assert list(result["for_talents"]) == sorted(talents)
    assert list(result["for_jobs"]) == sorted(jobs)
    for owner, items, others, pair in [
        *((t, items, jobs, lambda t, o: (talents[t], jobs[o])) for t, items in
          result["for_talents"].items()),
        *((j, items, talents, lambda j, o: (talents[o], jobs[j])) for j, items in
          result["for_jobs"].items()),
    ]:  # fmt: skip
        ids = [item["id"] for item in items]
        assert len(set(ids)) == len(ids)
        assert all(i in others for i in ids)
        # The hard constraint, in both directions.
        assert all(eligible(*pair(owner, i)) for i in ids)
        # Every eligible partner is recommendable: as many as k allows.
        assert len(items) == min(k, sum(eligible(*pair(owner, o)) for o in others))
        keys = [(-item["score"], item["id"]) for item in items]
        assert keys == sorted(keys)
        for item in items:
            assert 0 < item["score"] <= 1
            assert round(item["score"], 4) == item["score"]
            assert item["why"] and all(isinstance(w, str) and w for w in item["why"])


# --- invariants ------------------------------------------------------------------------------


@SETTINGS
@given(inputs())
def test_lists_respect_every_invariant(data):
    check_lists(data, rec.recommend_cli(data))


@SETTINGS
@given(inputs(), st.randoms(use_true_random=False))
def test_deterministic_and_independent_of_input_order(data, rnd):
    first = jsonio.dumps(rec.recommend_cli(data))
    assert jsonio.dumps(rec.recommend_cli(json.loads(json.dumps(data)))) == first
    shuffled = dict(data, talents=list(data["talents"]), jobs=list(data["jobs"]))
    rnd.shuffle(shuffled["talents"])
    rnd.shuffle(shuffled["jobs"])
    assert jsonio.dumps(rec.recommend_cli(shuffled)) == first


@SETTINGS
@given(inputs())
def test_one_profile_reranked_equals_the_full_run(data):
    recommender = rec.Recommender(data["talents"], data["jobs"], language=data["language"])
    full = recommender.recommend_all(data["k"])
    for talent in data["talents"]:
        assert recommender.rerank_talent(talent, data["k"]) == full["for_talents"][talent["id"]]
    for job in data["jobs"]:
        assert recommender.rerank_job(job, data["k"]) == full["for_jobs"][job["id"]]


@SETTINGS
@given(inputs(max_talents=9, max_jobs=9), st.integers(1, 12))
def test_top_k_is_a_prefix_of_the_full_ranking_whatever_the_block_size(data, cells):
    recommender = rec.Recommender(data["talents"], data["jobs"])
    everything = recommender.recommend_all(20)
    with mock.patch.object(rec, "BLOCK_CELLS", cells):
        small_blocks = recommender.recommend_all(data["k"])
    for side in ("for_talents", "for_jobs"):
        for owner, items in small_blocks[side].items():
            assert items == everything[side][owner][: data["k"]]


def medium(seed: int, talents: int = 80, jobs: int = 60) -> dict:
    rng = random.Random(seed)
    return {
        "talents": [
            {
                "id": f"t{i}",
                "degree": rng.choice(rec.DEGREES),
                "fields": rng.sample(FIELDS, rng.randint(0, 2)),
                "text": "研究" + "、".join(rng.sample(WORDS, 3)),
                "districts": rng.sample(DISTRICTS, rng.randint(0, 2)),
                "salary_min": rng.choice([None, 10000, 20000]),
            }
            for i in range(talents)
        ],
        "jobs": [
            {
                "id": f"j{i}",
                "degree_min": rng.choice([None, *rec.DEGREES]),
                "fields": rng.sample(FIELDS, rng.randint(0, 2)),
                "text": "招聘" + "，".join(rng.sample(WORDS, 3)),
                "district": rng.choice([None, *DISTRICTS]),
                "salary_max": rng.choice([None, 15000, 30000]),
                "headcount": rng.randint(0, 4),
            }
            for i in range(jobs)
        ],
        "k": 6,
    }


def test_two_workers_processes_and_threads_give_the_same_bytes():
    data = medium(1)
    one = jsonio.dumps(rec.recommend_cli(data))
    with mock.patch.object(rec, "PARALLEL_TEXTS", 10), mock.patch.object(rec, "BLOCK_CELLS", 300):
        two = rec.Recommender(data["talents"], data["jobs"], workers=2).recommend_all(6)
    assert jsonio.dumps(two) == one


def test_words_in_most_texts_of_a_side_are_not_reasons():
    # 招聘 is in every job and 研究 in every talent: stop words of this corpus.
    result = rec.recommend_cli(medium(2))
    check_lists(medium(2), result)
    reasons = [w for items in result["for_jobs"].values() for i in items for w in i["why"]]
    assert any(w.startswith("共同关键词：") for w in reasons)
    assert not any("招聘" in w or "研究" in w for w in reasons)


@SETTINGS
@given(inputs())
def test_a_pair_has_one_score_seen_from_either_side(data):
    result = rec.recommend_cli(dict(data, k=20))
    from_talents = {(t, i["id"]): i["score"] for t, items in result["for_talents"].items()
                    for i in items}  # fmt: skip
    from_jobs = {(i["id"], j): i["score"] for j, items in result["for_jobs"].items()
                 for i in items}  # fmt: skip
    assert from_talents == from_jobs


# --- scores and reasons ------------------------------------------------------------------------


def talent(tid="t1", **fields):
    return {"id": tid, "degree": "master", **fields}


def job(jid="j1", **fields):
    return {"id": jid, **fields}


def only(result, side, owner):
    (item,) = result[side][owner]
    return item


def test_degree_below_the_minimum_is_never_recommended_either_way():
    data = {
        "talents": [talent("bachelor", degree="bachelor"), talent("doctor", degree="doctor")],
        "jobs": [job("needs-doctor", degree_min="doctor"), job("open", degree_min=None)],
        "k": 10,
    }
    result = rec.recommend_cli(data)
    assert [i["id"] for i in result["for_talents"]["bachelor"]] == ["open"]
    assert [i["id"] for i in result["for_jobs"]["needs-doctor"]] == ["doctor"]
    assert sorted(i["id"] for i in result["for_jobs"]["open"]) == ["bachelor", "doctor"]
    doctor = {i["id"]: i for i in result["for_talents"]["doctor"]}
    assert "学历符合：博士（要求博士及以上）" in doctor["needs-doctor"]["why"]


def test_chinese_texts_share_words_through_jieba():
    data = {
        "talents": [talent(text="长期从事芯片设计与嵌入式系统开发，熟悉集成电路验证。")],
        "jobs": [job(text="招聘嵌入式软件工程师，负责芯片驱动与集成电路测试")],
    }
    why = only(rec.recommend_cli(data), "for_talents", "t1")["why"]
    shared = next(w for w in why if w.startswith("共同关键词："))
    assert set(shared.removeprefix("共同关键词：").split("、")) >= {"芯片", "嵌入式", "集成电路"}


def test_english_texts_share_words_and_reasons_are_english():
    data = {
        "talents": [talent(text="Embedded systems and chip design; batteries.")],
        "jobs": [job(text="We hire a chip design engineer for embedded system firmware")],
        "language": "en",
    }
    item = only(rec.recommend_cli(data), "for_jobs", "j1")
    shared = next(w for w in item["why"] if w.startswith("words in common: "))
    assert set(shared.removeprefix("words in common: ").split(", ")) == {
        "embedded", "system", "chip", "design"
    }  # fmt: skip


def test_reasons_name_fields_degree_district_salary_and_openings():
    data = {
        "talents": [talent(fields=["电子信息", "金融"], districts=["渝北区"], salary_min=20000)],
        "jobs": [
            job(
                fields=["电子信息"],
                degree_min="bachelor",
                district="渝北区",
                salary_max=30000,
                headcount=3,
            )
        ],
    }
    result = rec.recommend_cli(data)
    assert only(result, "for_talents", "t1")["why"] == [
        "学科领域相同：电子信息",
        "学历符合：硕士（要求本科及以上）",
        "意向区县：渝北区",
        "薪资符合：期望不低于 20000，岗位最高 30000",
        "招聘人数：3",
    ]
    assert only(result, "for_jobs", "j1")["why"] == [
        "学科领域相同：电子信息",
        "学历符合：硕士（要求本科及以上）",
        "人才意向区县：渝北区",
        "薪资符合：期望不低于 20000，岗位最高 30000",
    ]
    english = rec.recommend_cli(dict(data, language="en"))
    assert only(english, "for_talents", "t1")["why"] == [
        "same field: 电子信息",
        "degree fits: master's (bachelor's or above required)",
        "in a district you chose: 渝北区",
        "salary fits: expects at least 20000, offers up to 30000",
        "openings: 3",
    ]


def test_a_pair_with_nothing_in_common_still_says_why():
    result = rec.recommend_cli({"talents": [talent()], "jobs": [job()], "language": "en"})
    assert only(result, "for_talents", "t1")["why"] == [
        "degree fits: master's (no minimum required)"
    ]


def test_salary_above_the_maximum_is_a_penalty_not_a_filter():
    base = {"fields": ["电子信息"], "text": "芯片设计"}
    data = {
        "talents": [talent(salary_min=30000, **base)],
        "jobs": [job("fits", salary_max=30000, **base), job("low", salary_max=29999, **base)],
    }
    items = rec.recommend_cli(data)["for_talents"]["t1"]
    assert [i["id"] for i in items] == ["fits", "low"]
    assert items[1]["score"] < items[0]["score"] / 3
    assert not any(w.startswith("薪资") for w in items[1]["why"])


def test_a_pair_ranks_high_only_when_it_suits_both_sides():
    data = {
        "talents": [talent(fields=["电子信息"], districts=["渝北区"], text="芯片设计、嵌入式系统")],
        "jobs": [
            # Suits both: same field and words, another district.
            job("both", fields=["电子信息"], district="沙坪坝区", text="招聘芯片设计与嵌入式人才"),
            # Where the talent wants to be, with many openings, but needs something else.
            job("one-sided", fields=["金融"], district="渝北区", headcount=10, text="风险管理"),
        ],
    }
    result = rec.recommend_cli(data)
    assert [i["id"] for i in result["for_talents"]["t1"]] == ["both", "one-sided"]


def test_fields_and_districts_compare_without_case_or_spacing():
    data = {
        "talents": [talent(fields=["Smart Manufacturing"], districts=[" Yubei "])],
        "jobs": [job(fields=["smart  manufacturing"], district="yubei")],
        "language": "en",
    }
    result = rec.recommend_cli(data)
    assert only(result, "for_talents", "t1")["why"][:2] == [
        "same field: Smart Manufacturing",
        "in a district you chose: yubei",
    ]
    assert only(result, "for_jobs", "j1")["why"][0] == "same field: smart  manufacturing"


def test_k_zero_and_k_beyond_the_number_of_profiles():
    data = {"talents": [talent("a"), talent("b")], "jobs": [job("x"), job("y"), job("z")]}
    empty = rec.recommend_cli(dict(data, k=0))
    assert empty == {"for_talents": {"a": [], "b": []}, "for_jobs": {"x": [], "y": [], "z": []}}
    everything = rec.recommend_cli(dict(data, k=10**9))
    assert all(len(items) == 3 for items in everything["for_talents"].values())
    assert all(len(items) == 2 for items in everything["for_jobs"].values())
    # Ties are broken by id.
    assert [i["id"] for i in everything["for_talents"]["a"]] == ["x", "y", "z"]


def test_no_talents_or_no_jobs():
    assert rec.recommend_cli({"talents": [], "jobs": [job()]}) == {
        "for_talents": {},
        "for_jobs": {"j1": []},
    }
    assert rec.recommend_cli({"talents": [talent()], "jobs": []}) == {
        "for_talents": {"t1": []},
        "for_jobs": {},
    }


def test_rerank_a_new_profile_with_unseen_words():
    data = {
        "talents": [talent("t1", text="锂电池储能"), talent("t2", degree="bachelor")],
        "jobs": [job("j1", text="储能系统"), job("j2", degree_min="doctor", text="锂电池")],
    }
    recommender = rec.Recommender(data["talents"], data["jobs"])
    newcomer = talent("new", degree="bachelor", text="锂电池与量子点显示")  # 量子点 is unseen
    items = recommender.rerank_talent(newcomer)
    assert [i["id"] for i in items] == ["j1"]  # j2 wants a doctorate
    opening = job("new", degree_min="master", text="储能电站运维")
    assert [i["id"] for i in recommender.rerank_job(opening)] == ["t1"]
    with pytest.raises(InputError, match=r"talent\.degree"):
        recommender.rerank_talent({"id": "x", "degree": "phd"})


# --- the command line -----------------------------------------------------------------------


SMALL = {
    "talents": [talent("t1", fields=["电子信息"], text="芯片设计"), talent("t2")],
    "jobs": [job("j1", fields=["电子信息"], text="芯片", degree_min="master", headcount=2)],
    "k": 5,
}


def test_cli_runs(cli):
    result = cli(["recommend"], SMALL)
    assert result.code == 0 and result.stderr == ""
    out = result.json
    assert [i["id"] for i in out["for_jobs"]["j1"]] == ["t1", "t2"]
    assert out["for_talents"]["t1"][0]["why"][0] == "学科领域相同：电子信息"


def test_cli_in_a_real_process_prints_nothing_on_stderr():
    result = run_process(["recommend"], SMALL)
    assert result.code == 0
    assert result.stderr == ""
    assert result.json == rec.recommend_cli(SMALL)


def _with(path, value):
    data = json.loads(json.dumps(SMALL))
    *parents, last = path
    target = data
    for key in parents:
        target = target[key]
    if value is KeyError:
        del target[last]
    else:
        target[last] = value
    return data


@pytest.mark.parametrize(
    ("data", "field", "shown"),
    [
        (_with(["talents", 1, "id"], "t1"), "talents[1].id", "'t1'"),
        (_with(["jobs"], [job("j1"), job("j1")]), "jobs[1].id", "'j1'"),
        (_with(["talents", 0, "degree"], "phd"), "talents[0].degree", "'phd'"),
        (_with(["talents", 0, "degree"], KeyError), "talents[0].degree", "is required"),
        (_with(["talents", 0, "id"], KeyError), "talents[0].id", "is required"),
        (_with(["talents", 0, "id"], 7), "talents[0].id", "7"),
        (_with(["jobs", 0, "degree_min"], "PhD"), "jobs[0].degree_min", "'PhD'"),
        (_with(["talents", 0, "fields"], "电子信息"), "talents[0].fields", "a string"),
        (_with(["talents", 0, "fields"], ["a", 3]), "talents[0].fields[1]", "3"),
        (_with(["talents", 0, "titles"], [""]), "talents[0].titles[0]", "''"),
        (_with(["talents", 0, "districts"], [None]), "talents[0].districts[0]", "not null"),
        (_with(["talents", 0, "degree"], None), "talents[0].degree", "not null"),
        (_with(["talents", 0, "text"], ["芯片"]), "talents[0].text", "['芯片']"),
        (_with(["talents", 0, "salary_min"], 1.5), "talents[0].salary_min", "1.5"),
        (_with(["talents", 0, "salary_min"], "9000"), "talents[0].salary_min", "'9000'"),
        (_with(["talents", 0, "salary_min"], -1), "talents[0].salary_min", "-1"),
        (_with(["talents", 0, "overseas"], "yes"), "talents[0].overseas", "'yes'"),
        (_with(["jobs", 0, "salary_max"], True), "jobs[0].salary_max", "True"),
        (_with(["jobs", 0, "headcount"], -2), "jobs[0].headcount", "-2"),
        (_with(["jobs", 0, "headcount"], 2.0), "jobs[0].headcount", "2.0"),
        (_with(["jobs", 0, "district"], ""), "jobs[0].district", "''"),
        (_with(["jobs", 0, "district"], ["渝北区"]), "jobs[0].district", "['渝北区']"),
        (_with(["jobs", 0], "j1"), "jobs[0]", "a string"),
        (_with(["talents"], KeyError), "talents", "is required"),
        (_with(["jobs"], {"j1": {}}), "jobs", "an object"),
        (_with(["k"], -1), "k", "-1"),
        (_with(["k"], 2.5), "k", "2.5"),
        (_with(["k"], "10"), "k", "'10'"),
        (_with(["k"], True), "k", "True"),
        (_with(["language"], "fr"), "language", "'fr'"),
    ],
)
def test_cli_bad_input(cli, data, field, shown):
    result = cli(["recommend"], data)
    assert result.code == 2
    assert result.stdout == b""
    assert result.stderr.count("\n") == 1
    line = result.stderr.strip()
    assert line.startswith(field + ":"), line
    assert shown in line
    assert "Traceback" not in result.stderr
