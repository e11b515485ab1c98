"""Changing an organisation's public details, by its staff or a site admin."""

from django.core.exceptions import ValidationError
from django.db import transaction

from community.areas import AREA_NAMES
from community.content import render_markdown
from community.errors import CommunityError, NotAllowed
from community.models import Organisation, User
from community.permissions import can_edit_organisation
from community.services.audit import record

EDITABLE_FIELDS = ("name", "kind", "description", "area", "website")


def update_organisation(*, editor: User, organisation: Organisation, **changes) -> Organisation:
    if not can_edit_organisation(editor, organisation):
        raise NotAllowed("Only staff of this organisation can change its details.")
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise CommunityError("not_editable", f"These cannot be changed here: {', '.join(unknown)}.")
    if "name" in changes and not changes["name"].strip():
        raise CommunityError("name_needed", "Enter the organisation's name.", field="name")
    if changes.get("kind", organisation.kind) not in Organisation.Kind.values:
        raise CommunityError("unknown_kind", "Choose a kind of organisation.", field="kind")
    if changes.get("area") and changes["area"] not in AREA_NAMES:
        raise CommunityError("unknown_area", "Choose a council area from the list.", field="area")

    with transaction.atomic():
        for field, value in changes.items():
            setattr(organisation, field, value.strip() if isinstance(value, str) else value)
        if "description" in changes:
            organisation.description_html = render_markdown(organisation.description)
        try:
            organisation.full_clean(exclude=["slug"])
        except ValidationError as error:
            field, messages = next(iter(error.message_dict.items()))
            raise CommunityError("invalid", messages[0], field=field) from error
        organisation.save()
        record(
            actor=editor,
            action="community.organisation.changed",
            subject=organisation,
            organisation=organisation,
            fields=sorted(changes),
        )
    return organisation


def create_organisation(
    *,
    name: str,
    slug: str,
    kind: str,
    description: str = "",
    area: str = "",
    website: str = "",
    verified: bool = False,
) -> Organisation:
    """Used by site admins (through the admin) and the demo data."""
    organisation = Organisation(
        name=name,
        slug=slug,
        kind=kind,
        description=description,
        description_html=render_markdown(description),
        area=area,
        website=website,
        verified=verified,
    )
    organisation.full_clean()
    organisation.save()
    return organisation
