"""The seed's table: the press release's figures, in the demo's preset and counted from its rows.

The 2020 release: "a total of 8,041 job requirements of employers … 12,199 domestic and
overseas talents …"; municipal public institutions "have received 1,259 applications, including
1,063 doctors, accounting for 84.4%", district and county institutions 4,662.

Two links make the demo show these figures: the preset holds them as its full-scale counts,
and the figures counted from the rows a load makes are those counts times the scale. The first
is read from the preset; the second is checked on a small load, where every figure still rounds
to its own distinct number. A full-scale load (a minute) would add one thing only: that the
recruitment loader finds enough eligible talents at scale 1 (it logs "Too few eligible talents"
and makes fewer otherwise); the talents it draws from scale with the same preset, so a shortfall
from their proportions shows at this scale as well.
"""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import translation

from yingcai.core.registry import figures as registry
from yingcai.demo.presets import CHONGQING_2020

SEED = {
    "job_requirements": 8_041,
    "talents_registered": 12_199,
    "institution_applications_municipal": 1_259,
    "institution_applications_municipal_doctors": 1_063,
    "institution_applications_district": 4_662,
}
# The preset's count behind each figure.
PRESET_KEY = {
    "job_requirements": "jobs",
    "talents_registered": "talents",
    "institution_applications_municipal": "recruitment_municipal",
    "institution_applications_municipal_doctors": "recruitment_municipal_doctors",
    "institution_applications_district": "recruitment_district",
}
SCALE = 0.05


def test_the_preset_holds_the_press_releases_figures():
    assert {figure: CHONGQING_2020.counts[PRESET_KEY[figure]] for figure in SEED} == SEED
    share = SEED["institution_applications_municipal_doctors"]
    assert round(100 * share / SEED["institution_applications_municipal"], 1) == 84.4
    # Each of them is a figure of the registry, counted on the statistics pages.
    assert set(SEED) <= {figure.key for figure in registry.figures()}


@pytest.mark.django_db
def test_the_figures_counted_from_a_load_are_the_presets_counts_at_its_scale():
    with translation.override("en"):
        call_command(
            "demo", "--scale", str(SCALE), "--seed", "1", "--reset", "--yes", stdout=StringIO()
        )
        out = StringIO()
        call_command("stats", "--json", stdout=out)
    figures = json.loads(out.getvalue())
    expected = {figure: round(value * SCALE) for figure, value in SEED.items()}
    # Distinct numbers at this scale: a figure counting another figure's rows shows.
    assert len(set(expected.values())) == len(expected)
    assert {figure: figures[figure]["value"] for figure in SEED} == expected
    # The breakdowns add up to the figure wherever a row falls in exactly one bucket.
    for key in SEED:
        for dimension in ("day", "degree"):
            buckets = figures[key]["breakdowns"].get(dimension)
            if buckets is not None:
                assert sum(buckets.values()) == figures[key]["value"], (key, dimension)
    levels = figures["institution_applications"]["breakdowns"]["level"]
    assert levels == {
        "district": expected["institution_applications_district"],
        "municipal": expected["institution_applications_municipal"],
    }
