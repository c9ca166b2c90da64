"""The seed's table: the press release's figures, counted from the demo at scale 1 and 0.5.

The 2020 release: "a total of 8,041 job requirements of employers … 12,199 domestic and
overseas talents …"; municipal public institutions "have received 1,259 applications, including
1,063 doctors, accounting for 84.4%", district and county institutions 4,662. At scale 0.5 the
figures halve (rounded): they are counted from the rows, not written in.
"""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import translation

SEED = {
    "job_requirements": 8_041,
    "talents_registered": 12_199,
    "institution_applications_municipal": 1_259,
    "institution_applications_municipal_doctors": 1_063,
    "institution_applications_district": 4_662,
}
HALVED = {
    "job_requirements": 4_020,
    "talents_registered": 6_100,
    "institution_applications_municipal": 630,
    "institution_applications_municipal_doctors": 532,
    "institution_applications_district": 2_331,
}


def figures_of_the_demo(scale: str) -> dict:
    with translation.override("en"):
        call_command("demo", "--scale", scale, "--seed", "1", "--reset", "--yes", stdout=StringIO())
        out = StringIO()
        call_command("stats", "--json", stdout=out)
    return json.loads(out.getvalue())


@pytest.mark.django_db(transaction=False)
@pytest.mark.parametrize(("scale", "expected"), [("1", SEED), ("0.5", HALVED)])
def test_the_demo_reproduces_the_press_release(scale, expected):
    figures = figures_of_the_demo(scale)
    assert {key: figures[key]["value"] for key in expected} == expected
    doctors = figures["institution_applications_municipal_doctors"]["value"]
    municipal = figures["institution_applications_municipal"]["value"]
    assert round(100 * doctors / municipal, 1) == 84.4
    # The breakdowns add up to the figure wherever a row falls in exactly one bucket.
    for key in expected:
        for dimension in ("day", "degree"):
            buckets = figures[key]["breakdowns"].get(dimension)
            if buckets is not None:
                assert sum(buckets.values()) == figures[key]["value"], (key, dimension)
    levels = figures["institution_applications"]["breakdowns"]["level"]
    assert levels == {
        "district": expected["institution_applications_district"],
        "municipal": expected["institution_applications_municipal"],
    }
