import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("community", "0010_text_size_and_contrast"),
        ("forums", "0005_search_synonyms"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="RaisedQuestion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("raised_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("to_moderators", models.BooleanField(default=False)),
                (
                    "organisations",
                    models.ManyToManyField(
                        blank=True, related_name="+", to="community.organisation"
                    ),
                ),
                (
                    "topic",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="raised_to_staff",
                        to="forums.topic",
                    ),
                ),
            ],
        ),
        migrations.CreateModel(
            name="AnswerClaim",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("claimed_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("ended_at", models.DateTimeField(blank=True, null=True)),
                (
                    "ended",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("withdrawn", "They said they are no longer answering it"),
                            ("replied", "They replied"),
                            ("lapsed", "It ran out"),
                        ],
                        max_length=10,
                    ),
                ),
                (
                    "advisor",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="answer_claims",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "topic",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="answer_claims",
                        to="forums.topic",
                    ),
                ),
            ],
            options={
                "ordering": ["-claimed_at", "-id"],
                "constraints": [
                    models.UniqueConstraint(
                        condition=models.Q(("ended_at__isnull", True)),
                        fields=("topic",),
                        name="one_open_answer_claim_per_topic",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("ended", ""), ("ended_at__isnull", True)),
                            models.Q(
                                ("ended_at__isnull", False),
                                models.Q(("ended", ""), _negated=True),
                            ),
                            _connector="OR",
                        ),
                        name="an_ended_claim_says_why",
                    ),
                ],
            },
        ),
    ]
