"""The themes people actually ask about, written in plain English."""

from django.db import migrations

THEMES = [
    ("getting-started", "Getting started with direct payments",
     "What a personal budget and a direct payment are, how to ask for one, and what changes."),
    ("employing-a-pa", "Employing a personal assistant (PA)",
     "Finding, hiring and paying a PA: contracts, payroll, insurance, holidays and being a good "
     "employer."),
    ("managing-the-money", "Managing the money",
     "Managed accounts, prepaid cards, keeping records, receipts and what the council checks."),
    ("support-planning", "Support planning",
     "Writing your own support plan, reviews, and getting independent help to plan."),
    ("carers", "Carers",
     "For family and friends who care: carer's assessments, carer's budgets and breaks, and "
     "managing a payment for someone else."),
    ("can-i-spend-it-on", "Can I spend it on…?",
     "What a direct payment can and cannot pay for, and how to agree it with the council."),
    ("older-people", "Older people",
     "Personal budgets in later life: help at home, dementia, and moving between services."),
    ("mental-health", "Mental health",
     "Using a personal budget for mental health support and recovery."),
    ("learning-disabilities", "Learning disabilities",
     "Easy Read information, supported decision-making, and help from family and advocates."),
    ("local-groups", "Local groups",
     "News and meet-ups by area: what your council does and who can help near you."),
]


def add_themes(apps, schema_editor):
    Theme = apps.get_model("community", "Theme")
    for position, (slug, name, description) in enumerate(THEMES):
        Theme.objects.update_or_create(
            slug=slug, defaults={"name": name, "description": description, "position": position}
        )


class Migration(migrations.Migration):
    dependencies = [("community", "0004_themes")]

    operations = [migrations.RunPython(add_themes, migrations.RunPython.noop)]
