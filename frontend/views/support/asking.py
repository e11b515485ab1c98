"""Ask for help: a member writes a support request to one advisor or to an organisation's team.
The link they followed says whom (?advisor= or ?organisation=) and where they asked from
(?topic= a forum question, ?occurrence= a drop-in date); the form keeps all of it."""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from community import selectors as community_selectors
from community.models import Organisation, Theme, User
from community.support import selectors
from community.support.permissions import can_be_asked
from community.support.services.requests import ask_for_help as send_request
from events.selectors import occurrence_detail
from forums.selectors.topics import topic_for
from frontend.attempts import attempt
from frontend.forms.support import AskForHelpForm, id_or_none
from frontend.shared.limits import status_for
from frontend.shared.safety import show_urgent_help
from frontend.shared.support import card_for


@dataclass
class Asking:
    """Whom the request goes to and where it was asked from, as far as the link said."""

    advisor: User | None = None
    # The link named someone who cannot be asked (unknown, unlisted or paused): said without
    # their name, so a link with any id tells nothing about whom it belongs to.
    advisor_unavailable: bool = False
    organisation: Organisation | None = None
    topic: object = None
    occurrence: object = None


@login_required
def ask_for_help(request):
    organisations = list(community_selectors.organisations_list().filter(verified=True))
    source = request.POST if request.method == "POST" else request.GET
    asking = _asking(request.user, source, organisations)
    form_options = {
        "themes": Theme.objects.order_by("position", "name"),
        "organisations": organisations,
    }
    if request.method != "POST":
        form = AskForHelpForm(initial=_initial(request.user, asking), **form_options)
        return _render(request, form, asking)
    form = AskForHelpForm(request.POST, **form_options)
    if form.is_valid() and _has_someone(form, asking):
        # A refusal about the advisor goes at the top: their field is hidden.
        with attempt(form, field_names={"advisor": ""}) as tried:
            support_request = _send(request.user, form.cleaned_data, asking)
        if tried.succeeded:
            messages.success(request, _sent_message(asking))
            if support_request.urgent_help:
                show_urgent_help(request, support_request.organisation_id)  # where to get help now
            return redirect("support_request", support_request.pk)
    return _render(request, form, asking, status=status_for(form))


def _asking(viewer, source, organisations) -> Asking:
    asking = Asking()
    advisor_id = id_or_none(source.get("advisor"))
    if advisor_id is not None:
        # can_be_asked, the directory's own rule: whoever it hides, this page does not show.
        advisor = selectors.helper_card(person_id=advisor_id)
        if advisor is not None and advisor.pk == viewer.pk:
            pass  # themselves: they choose an organisation instead
        elif advisor is not None and can_be_asked(advisor):
            asking.advisor = advisor
        else:
            asking.advisor_unavailable = True
    topic_id = id_or_none(source.get("topic"))
    if topic_id is not None:
        asking.topic = topic_for(viewer=viewer, topic_id=topic_id)
    occurrence_id = id_or_none(source.get("occurrence"))
    if occurrence_id is not None:
        asking.occurrence = occurrence_detail(occurrence_id=occurrence_id, viewer=viewer)
    slug = source.get("organisation") or ""
    if not slug and asking.occurrence is not None:
        # From a drop-in: its organisation's team.
        slug = asking.occurrence.event.organisation.slug
    asking.organisation = next((org for org in organisations if org.slug == slug), None)
    return asking


def _initial(viewer, asking: Asking) -> dict:
    initial = {
        "advisor": asking.advisor.pk if asking.advisor else "",
        "organisation": asking.organisation.slug if asking.organisation else "",
        "topic": asking.topic.pk if asking.topic else "",
        "occurrence": asking.occurrence.pk if asking.occurrence else "",
        "area": getattr(getattr(viewer, "profile", None), "area", ""),
    }
    theme = _theme_of(asking)
    if theme is not None:
        initial["specialism"] = theme.slug
    return initial


def _theme_of(asking: Asking) -> Theme | None:
    """What a forum question or drop-in is about, to start the "what is it about" answer."""
    if asking.topic is not None:
        return asking.topic.category.theme
    if asking.occurrence is not None:
        return asking.occurrence.event.themes.first()
    return None


def _has_someone(form, asking: Asking) -> bool:
    if asking.advisor is not None:
        return True
    chosen = form.cleaned_data.get("organisation")
    if chosen and asking.organisation is not None:
        return True
    form.add_error("organisation", "Choose which organisation's team should get your request.")
    return False


def _send(member, answers: dict, asking: Asking):
    return send_request(
        member=member,
        body=answers["body"],
        wants=answers["wants"],
        advisor=asking.advisor,
        organisation=None if asking.advisor else asking.organisation,
        specialism=answers["specialism"],
        way_to_talk=answers["way_to_talk"],
        area=answers["area"],
        language=answers["language"],
        access_needs=answers["access_needs"],
        topic=asking.topic,
        occurrence=asking.occurrence,
    )


def _sent_message(asking: Asking) -> str:
    if asking.advisor is not None:
        who = asking.advisor.display_name
    else:
        who = f"the team at {asking.organisation.name}"
    return f"Your request is sent to {who}. We will tell you when someone takes it."


def _render(request, form, asking: Asking, status: int = 200):
    if asking.advisor is not None:
        form.sending_to(asking.advisor)
    context = {
        "form": form,
        "asking": asking,
        "card": card_for(asking.advisor) if asking.advisor else None,
    }
    return render(request, "frontend/support/ask.html", context, status=status)
