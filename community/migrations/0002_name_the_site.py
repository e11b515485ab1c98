"""Name the site "Alongside" so account e-mails do not say "example.com"."""

from django.db import migrations


def name_site(apps, schema_editor):
    Site = apps.get_model("sites", "Site")
    Site.objects.update_or_create(pk=1, defaults={"domain": "alongside.localhost", "name": "Alongside"})


class Migration(migrations.Migration):
    dependencies = [
        ("community", "0001_initial"),
        ("sites", "0002_alter_domain_unique"),
    ]

    operations = [migrations.RunPython(name_site, migrations.RunPython.noop)]
