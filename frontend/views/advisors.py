"""Find an advisor: the directory of verified advisors and support planning partners."""

from django.shortcuts import render

from community import selectors
from community.safety.selectors import kept_apart_ids
from frontend.forms.directory import AdvisorFilterForm
from frontend.shared.paging import page_of


def advisor_directory(request):
    # Only verified organisations' roles earn badges, so only they are worth filtering by.
    organisations = selectors.organisations_list().filter(verified=True)
    filter_form = AdvisorFilterForm(request.GET, organisations=organisations)
    filters = filter_form.filters()
    page = page_of(selectors.trained_people(**filters), request, per_page=50)
    return render(
        request,
        "frontend/advisors.html",
        {
            "filter_form": filter_form,
            "page": page,
            "filtered": any(filters.values()),
            "cannot_message": _cannot_message(request.user),
        },
    )


def _cannot_message(viewer) -> set[int] | None:
    """Whom the viewer may not message from the directory, in one query for the whole page;
    None when nobody signed in. Everyone listed is trained, and any member may start a private
    conversation with a trained person (community.chat.permissions.can_start_conversation),
    except themselves and across a block, either way."""
    if not viewer.is_authenticated:
        return None
    return kept_apart_ids(person_id=viewer.pk) | {viewer.pk}
