from django.db import migrations

ABOUT_ZH = """英才大会是重庆面向海内外人才的综合性人才盛会，集人才招聘、项目对接、创新创业大赛和高层次人才交流于一体。

本平台在线支持大会全程：人才注册与求职、用人单位发布岗位需求、事业单位招聘高层次人才、项目路演与对接洽谈、"英才杯"大赛，以及新闻发布与数据统计。"""
ABOUT_EN = """The Talents Conference is Chongqing's comprehensive event for domestic and overseas talents, bringing together recruitment, project docking, the innovation and entrepreneurship contest and exchanges of high-level talents.

This platform runs the conference online from end to end: talents' registration and job search, employers' job requirements, recruitment of high-level talents by public institutions, roadshows and docking negotiations, the "Talents Cup" contest, news and live statistics."""
CONTACT_ZH = "有关大会和本平台的问题，欢迎通过以下方式联系我们，或在线留言。"
CONTACT_EN = (
    "For questions about the conference or this platform, contact us below or leave a message."
)


def create(apps, schema_editor):
    SiteSettings = apps.get_model("portal", "SiteSettings")
    Page = apps.get_model("portal", "Page")
    # The settings moved to the conference (conference.0003); replayed on today's schema by the
    # browser tests, this finds no portal table and conference.0004 makes the row instead.
    moved = SiteSettings._meta.db_table not in schema_editor.connection.introspection.table_names()
    if not moved and not SiteSettings.objects.exists():
        SiteSettings.objects.create(
            site_name="英才大会",
            site_name_zh_hans="英才大会",
            site_name_en="Talents Conference",
            report_phone="+86-23-67230470",
        )
    for slug, zh_title, en_title, zh, en in (
        ("about", "关于我们", "About us", ABOUT_ZH, ABOUT_EN),
        ("contact", "联系我们", "Contact us", CONTACT_ZH, CONTACT_EN),
    ):
        Page.objects.get_or_create(
            slug=slug,
            defaults={
                "title": zh_title,
                "title_zh_hans": zh_title,
                "title_en": en_title,
                "body": zh,
                "body_zh_hans": zh,
                "body_en": en,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("portal", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
