"""Organisation pages: the public list and detail, and the staff tools for details and roles.

Each POST asks the permission predicate first, so that someone without permission learns nothing
(not even whether an e-mail address has an account); the service checks again when it writes.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from community import permissions, selectors
from community.models import Organisation
from community.services.memberships import grant_role, revoke_role
from community.services.organisations import update_organisation
from community.support.permissions import can_see_organisation_support
from events import links
from frontend.attempts import attempt
from frontend.forms.organisations import GrantRoleForm, OrganisationFilterForm, OrganisationForm
from frontend.shared.paging import page_of


def organisation_list(request):
    filter_form = OrganisationFilterForm(request.GET)
    page = page_of(selectors.organisations_list(**filter_form.filters()), request, per_page=50)
    return render(
        request,
        "frontend/organisations/list.html",
        {"filter_form": filter_form, "page": page, "filtered": any(filter_form.filters().values())},
    )


def organisation_detail(request, slug):
    organisation = get_object_or_404(Organisation, slug=slug)
    return _render_detail(request, organisation)


@require_POST
def organisation_grant_role(request, slug):
    organisation = get_object_or_404(Organisation, slug=slug)
    if not permissions.can_manage_roles(request.user, organisation):
        raise PermissionDenied
    form = GrantRoleForm(request.POST)
    if form.is_valid():
        with attempt(form, field_names={"person": "email"}) as tried:
            membership = grant_role(
                granted_by=request.user,
                organisation=organisation,
                person=form.cleaned_data["person"],
                role=form.cleaned_data["role"],
                trained_on=form.cleaned_data["trained_on"],
                trained_for=form.cleaned_data["trained_for"],
            )
        if tried.succeeded:
            messages.success(
                request,
                f"{membership.person.display_name} is now "
                f"{membership.get_role_display().lower()} at {organisation.name}.",
            )
            return redirect(organisation)
    return _render_detail(request, organisation, grant_form=form, status=400)


@require_POST
def organisation_revoke_role(request, slug, membership_id):
    organisation = get_object_or_404(Organisation, slug=slug)
    if not permissions.can_manage_roles(request.user, organisation):
        raise PermissionDenied
    membership = get_object_or_404(
        selectors.organisation_roles(organisation=organisation), pk=membership_id
    )
    with attempt() as tried:
        revoke_role(revoked_by=request.user, membership=membership)
    if not tried.succeeded:
        return _render_detail(request, organisation, revoke_error=tried.message, status=400)
    messages.success(
        request,
        f"{membership.person.display_name} is no longer "
        f"{membership.get_role_display().lower()} at {organisation.name}.",
    )
    return redirect(organisation)


@login_required
def organisation_edit(request, slug):
    organisation = get_object_or_404(Organisation, slug=slug)
    if not permissions.can_edit_organisation(request.user, organisation):
        raise PermissionDenied
    if request.method != "POST":
        form = OrganisationForm(initial=OrganisationForm.initial_for(organisation))
        return _render_edit(request, organisation, form)
    form = OrganisationForm(request.POST)
    if form.is_valid():
        with attempt(form) as tried:
            update_organisation(editor=request.user, organisation=organisation, **form.cleaned_data)
        if tried.succeeded:
            messages.success(request, "The organisation's details are saved.")
            return redirect(organisation)
    # The service may have changed the object in memory before it refused; show the stored name.
    organisation.refresh_from_db()
    return _render_edit(request, organisation, form, status=400)


def _render_edit(request, organisation, form, status=200):
    context = {"organisation": organisation, "form": form}
    return render(request, "frontend/organisations/edit.html", context, status=status)


def _render_detail(request, organisation, *, grant_form=None, revoke_error="", status=200):
    can_manage = permissions.can_manage_roles(request.user, organisation)
    can_edit = permissions.can_edit_organisation(request.user, organisation)
    context = {
        "organisation": organisation,
        "trained": selectors.trained_people(organisation_slug=organisation.slug),
        "can_manage_roles": can_manage,
        "can_edit": can_edit,
        # Staff only: site admins may edit the organisation but not read its requests. Anyone
        # else who may edit is its staff, so only a site admin costs a second look.
        "can_see_support": can_edit
        and (
            not permissions.is_site_admin(request.user)
            or can_see_organisation_support(request.user, organisation)
        ),
        # Calendar apps subscribe from outside, so the link uses the site's public address.
        "programme_subscribe_url": links.webcal(
            links.absolute(links.organisation_feed_url(organisation))
        ),
    }
    if can_manage:
        context["roles"] = selectors.organisation_roles(organisation=organisation)
        context["grant_form"] = grant_form or GrantRoleForm()
        context["revoke_error"] = revoke_error
    return render(request, "frontend/organisations/detail.html", context, status=status)
