"""The directory's specialisms are the shared themes: add the one advisors need that forums did
not have yet."""

from django.db import migrations


def add_theme(apps, schema_editor):
    Theme = apps.get_model("community", "Theme")
    Theme.objects.update_or_create(
        slug="sensory-impairment",
        defaults={
            "name": "Sensory impairment",
            "description": "For Deaf, deafblind, blind and partially sighted people: BSL, "
            "communication support and equipment.",
            "position": 9,
        },
    )


def remove_theme(apps, schema_editor):
    apps.get_model("community", "Theme").objects.filter(slug="sensory-impairment").delete()


class Migration(migrations.Migration):
    dependencies = [("community", "0006_membership_trained_for")]

    operations = [migrations.RunPython(add_theme, remove_theme)]
