from pathlib import Path

from django.db import migrations
from django.utils import timezone

TEXTS = Path(__file__).resolve().parent.parent / "legal_texts"
TITLES = {
    "privacy": ("隐私声明", "Privacy statement"),
    "terms": ("使用条款", "Terms of use"),
    "cookies": ("Cookie 政策", "Cookie policy"),
}


def create(apps, schema_editor):
    LegalDocument = apps.get_model("privacy", "LegalDocument")
    now = timezone.now()
    for kind, (zh, en) in TITLES.items():
        if LegalDocument.objects.filter(kind=kind).exists():
            continue
        body_zh = (TEXTS / f"{kind}.zh-hans.md").read_text(encoding="utf-8")
        body_en = (TEXTS / f"{kind}.en.md").read_text(encoding="utf-8")
        LegalDocument.objects.create(
            kind=kind,
            version=1,
            title=zh,
            title_zh_hans=zh,
            title_en=en,
            body=body_zh,
            body_zh_hans=body_zh,
            body_en=body_en,
            created_at=now,
            published_at=now,
        )


class Migration(migrations.Migration):
    dependencies = [("privacy", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
