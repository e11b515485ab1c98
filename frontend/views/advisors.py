"""Find an advisor: the directory of verified advisors and support planning partners."""

from django.shortcuts import render

from community import selectors
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
        {"filter_form": filter_form, "page": page, "filtered": any(filters.values())},
    )
