"""The site settings move from the portal to the conference, with their row.

They are the conference's settings (its name, sponsor, contact, filing numbers), read by the
accounts' mail and the statistics as well as by the portal's pages, which sit above or
beside the portal. The model changes app, not data: the state gets the model in the
conference on the table it has (`portal_sitesettings`), the table is then renamed, and the
content type row is renamed too, so the audit entries and the back-office permissions that
point at it keep pointing at it. `portal.0003_delete_sitesettings` then drops the model from
the portal's state only. Reversible, on SQLite and PostgreSQL alike.
"""

from django.db import migrations, models


def rename_content_type(apps, schema_editor, old="portal", new="conference"):
    """The content type of a fresh database does not exist yet (post_migrate creates it)."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    types = ContentType.objects.using(db)
    if types.filter(app_label=new, model="sitesettings").exists():
        return  # already there (created by an earlier run): nothing points at the old one
    types.filter(app_label=old, model="sitesettings").update(app_label=new)


def rename_content_type_back(apps, schema_editor):
    rename_content_type(apps, schema_editor, old="conference", new="portal")


class Migration(migrations.Migration):
    dependencies = [
        ("conference", "0002_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        # The row the portal's migration created is there before the model moves.
        ("portal", "0002_defaults"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="SiteSettings",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("site_name", models.CharField(max_length=100, verbose_name="site name")),
                        (
                            "site_name_zh_hans",
                            models.CharField(max_length=100, null=True, verbose_name="site name"),
                        ),
                        (
                            "site_name_en",
                            models.CharField(max_length=100, null=True, verbose_name="site name"),
                        ),
                        (
                            "sponsor",
                            models.CharField(blank=True, max_length=300, verbose_name="sponsor"),
                        ),
                        (
                            "sponsor_zh_hans",
                            models.CharField(
                                blank=True, max_length=300, null=True, verbose_name="sponsor"
                            ),
                        ),
                        (
                            "sponsor_en",
                            models.CharField(
                                blank=True, max_length=300, null=True, verbose_name="sponsor"
                            ),
                        ),
                        (
                            "host",
                            models.CharField(blank=True, max_length=300, verbose_name="organiser"),
                        ),
                        (
                            "host_zh_hans",
                            models.CharField(
                                blank=True, max_length=300, null=True, verbose_name="organiser"
                            ),
                        ),
                        (
                            "host_en",
                            models.CharField(
                                blank=True, max_length=300, null=True, verbose_name="organiser"
                            ),
                        ),
                        (
                            "contact_phone",
                            models.CharField(
                                blank=True, max_length=64, verbose_name="contact telephone"
                            ),
                        ),
                        (
                            "contact_email",
                            models.EmailField(
                                blank=True, max_length=254, verbose_name="contact e-mail"
                            ),
                        ),
                        (
                            "contact_address",
                            models.CharField(
                                blank=True, max_length=300, verbose_name="contact address"
                            ),
                        ),
                        (
                            "contact_address_zh_hans",
                            models.CharField(
                                blank=True,
                                max_length=300,
                                null=True,
                                verbose_name="contact address",
                            ),
                        ),
                        (
                            "contact_address_en",
                            models.CharField(
                                blank=True,
                                max_length=300,
                                null=True,
                                verbose_name="contact address",
                            ),
                        ),
                        (
                            "report_phone",
                            models.CharField(
                                blank=True,
                                default="+86-23-67230470",
                                max_length=64,
                                verbose_name="telephone for reporting illegal information",
                            ),
                        ),
                        (
                            "report_email",
                            models.EmailField(
                                blank=True,
                                max_length=254,
                                verbose_name="e-mail for reporting illegal information",
                            ),
                        ),
                        (
                            "icp_number",
                            models.CharField(
                                blank=True,
                                help_text="e.g. 渝ICP备12345678号",
                                max_length=64,
                                verbose_name="ICP filing number",
                            ),
                        ),
                        (
                            "public_security_number",
                            models.CharField(
                                blank=True,
                                help_text="e.g. 渝公网安备 50010302001234号",
                                max_length=64,
                                verbose_name="public-security filing number",
                            ),
                        ),
                        (
                            "award_name",
                            models.CharField(
                                blank=True,
                                max_length=200,
                                verbose_name="name of the Chongqing Outstanding Talents Award",
                            ),
                        ),
                        (
                            "award_name_zh_hans",
                            models.CharField(
                                blank=True,
                                max_length=200,
                                null=True,
                                verbose_name="name of the Chongqing Outstanding Talents Award",
                            ),
                        ),
                        (
                            "award_name_en",
                            models.CharField(
                                blank=True,
                                max_length=200,
                                null=True,
                                verbose_name="name of the Chongqing Outstanding Talents Award",
                            ),
                        ),
                        ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated")),
                    ],
                    options={
                        "verbose_name": "site settings",
                        "verbose_name_plural": "site settings",
                        "db_table": "portal_sitesettings",
                    },
                ),
            ],
        ),
        migrations.AlterModelTable(name="SiteSettings", table=None),
        migrations.RunPython(rename_content_type, rename_content_type_back),
    ]
