"""Issue 13: when each person last visited each category (what is new to them), and topics whose
opening post was removed after others replied (unlisted)."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("forums", "0007_council_decisions"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # On SQLite this rebuilds forums_topic, which drops its search triggers:
        # forums.search_index puts them back after every migrate.
        migrations.AddField(
            model_name="topic",
            name="unlisted",
            field=models.BooleanField(default=False),
        ),
        migrations.CreateModel(
            name="CategoryVisit",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("last_seen", models.DateTimeField(default=django.utils.timezone.now)),
                ("new_after", models.DateTimeField(blank=True, null=True)),
                (
                    "category",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="visits",
                        to="forums.category",
                    ),
                ),
                (
                    "person",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="forum_category_visits",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("person", "category"), name="one_visit_per_person_and_category"
                    )
                ],
            },
        ),
    ]
