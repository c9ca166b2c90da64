import pytest

from yingcai.core import audit
from yingcai.core.districts import DISTRICTS
from yingcai.core.models import AuditEntry, District
from yingcai.core.text import render_markdown


@pytest.mark.django_db
def test_the_district_list_is_loaded_by_migration():
    assert District.objects.count() == len(DISTRICTS)
    kinds = {kind: District.objects.filter(kind=kind).count() for kind in District.Kind.values}
    assert kinds == {"district": 26, "county": 8, "autonomous_county": 4, "functional_area": 3}
    assert District.objects.get(slug="shizhu").name_en == "Shizhu Tujia AC"
    codes = [code for _s, code, *_ in DISTRICTS if code]
    assert len(codes) == len(set(codes)) == 38


@pytest.mark.django_db
def test_audit_record_and_history(talent, organisation):
    audit.record(talent, "test.done", organisation, detail={"set": {1, 2}}, when=None)
    entry = AuditEntry.objects.get()
    assert entry.actor == talent
    assert entry.object_repr == str(organisation)
    assert entry.data == {"detail": {"set": [1, 2]}, "when": None}
    assert list(audit.history(organisation)) == [entry]


def test_markdown_keeps_structure_and_drops_scripts():
    html = render_markdown(
        '## Title\n\n<script>x()</script>\n\n[ok](https://example.com) <a onclick="x()">y</a>'
    )
    assert "<h2>Title</h2>" in html
    assert "<script>" not in html
    assert "onclick" not in html
    assert 'href="https://example.com"' in html
