"""Pages with no data of their own: the home page, "Get help now", the glossary (and its Easy
Read version), and the pages people expect of any service (privacy, house rules, accessibility,
contact)."""

from django.conf import settings
from django.shortcuts import render

from community.glossary import EASY_READ_WORDS, WORDS


def home(request):
    return render(request, "frontend/home.html")


def get_help(request):
    return render(request, "frontend/get_help.html")


def _about_us(request, template: str, **more):
    # Whoever runs the site names it and says where to write, so both come from settings.
    context = {"site_name": settings.SITE_NAME, "contact_email": settings.CONTACT_EMAIL, **more}
    return render(request, template, context)


def privacy(request):
    # The notice states the same periods the jobs that erase and expire things use.
    return _about_us(
        request,
        "frontend/privacy.html",
        access_needs_days=settings.ACCESS_NEEDS_KEPT_DAYS,
        export_days=settings.DATA_EXPORT_DAYS,
    )


def house_rules(request):
    return _about_us(request, "frontend/house_rules.html")


def accessibility(request):
    return _about_us(request, "frontend/accessibility.html")


def contact(request):
    return _about_us(request, "frontend/contact.html")


def glossary(request):
    return render(request, "frontend/glossary.html", {"words": WORDS})


def glossary_easy_read(request):
    return render(request, "frontend/glossary_easy_read.html", {"words": EASY_READ_WORDS})
