""" "Download my data": a zip of everything Alongside holds about a person, made by the task worker.

The zip holds a readable page (`index.html`), one JSON file per kind of personal data that the
apps registered (`community.safety.personal_data`) and a `README.txt`. It is built through
temporary files that spill to disk, so a large account costs memory for one kind of data at a
time plus the finished (compressed) zip, which is kept in the database until it expires.
"""

import datetime
import io
import json
import logging
import re
import secrets
import shutil
import tempfile
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import IO, Any
from uuid import UUID

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django_tasks import task

from community.errors import CommunityError
from community.models import User
from community.permissions import holds_account
from community.safety.models import DataExport
from community.safety.notification_kinds import DATA_EXPORT_READY
from community.safety.personal_data import (
    Erasure,
    PersonalData,
    Row,
    register_personal_data,
    registered_personal_data,
)
from community.services.notifications import notify

logger = logging.getLogger(__name__)

# Rows are turned into HTML this many at a time, so no one string holds a whole long history.
ROWS_PER_CHUNK = 200
# Temporary files stay in memory up to this size, then move to disk.
SPOOL_BYTES = 8 * 1024 * 1024
# A request the worker never finished (it was stopped, say) stops blocking a new one after this.
STUCK_AFTER = datetime.timedelta(hours=6)

ALREADY_PREPARING = (
    "We are already getting your download ready. We will tell you when it is ready, "
    "so there is no need to ask again."
)


def request_data_export(*, person: User) -> DataExport:
    """Ask for a new download. Any earlier one (ready or failed) is replaced; a second request
    while one is being made is refused. The task worker builds it once this commits."""
    # A suspended or banned person keeps this right.
    if not holds_account(person):
        raise CommunityError("not_signed_in", "Sign in to download your data.")
    try:
        with transaction.atomic():
            if DataExport.objects.filter(person=person, state=DataExport.State.QUEUED).exists():
                raise CommunityError("export_in_progress", ALREADY_PREPARING)
            DataExport.objects.filter(person=person).delete()
            export = DataExport.objects.create(person=person, token=secrets.token_urlsafe(32))
    except IntegrityError as error:  # the same request sent twice at once: one of them wins
        raise CommunityError("export_in_progress", ALREADY_PREPARING) from error
    export_id = export.pk
    transaction.on_commit(lambda: build_data_export.enqueue(export_id=export_id))
    return export


@task()
def build_data_export(*, export_id: int) -> int:
    """Make the zip and tell the person. Returns its size in bytes (0 if there was nothing to
    do: the request was replaced or removed before the worker got to it)."""
    export = (
        DataExport.objects.filter(pk=export_id, state=DataExport.State.QUEUED)
        .select_related("person")
        .defer("archive")
        .first()
    )
    if export is None:
        return 0
    try:
        archive = package_personal_data(person=export.person, made_at=timezone.now())
    except Exception:
        _give_up(export)
        raise  # the worker records the failure and its traceback
    return _store(export, archive)


def _store(export: DataExport, archive: bytes) -> int:
    now = timezone.now()
    expires_at = now + datetime.timedelta(days=settings.DATA_EXPORT_DAYS)
    with transaction.atomic():
        stored = DataExport.objects.filter(pk=export.pk, state=DataExport.State.QUEUED).update(
            state=DataExport.State.READY,
            archive=archive,
            size=len(archive),
            ready_at=now,
            expires_at=expires_at,
        )
        if not stored:
            return 0
        notify(
            recipient=export.person,
            kind=DATA_EXPORT_READY.code,
            message=(
                f"The download of your data is ready. You can download it until {_on(expires_at)}."
            ),
            url=reverse("my_data"),
        )
    return len(archive)


def _give_up(export: DataExport) -> None:
    logger.exception("Could not make data export %s", export.pk)
    with transaction.atomic():
        failed = DataExport.objects.filter(pk=export.pk, state=DataExport.State.QUEUED).update(
            state=DataExport.State.FAILED
        )
        if failed:
            notify(
                recipient=export.person,
                kind=DATA_EXPORT_READY.code,
                message="We could not make the download of your data. Please ask for it again.",
                url=reverse("my_data"),
            )


def delete_expired_data_exports(*, now: datetime.datetime | None = None) -> int:
    """The periodic clean-up: expired zips go, and so do failed requests once as old. A request
    stuck for hours is marked failed, so the person can ask again. Returns how many went."""
    now = now or timezone.now()
    DataExport.objects.filter(state=DataExport.State.QUEUED, created__lte=now - STUCK_AFTER).update(
        state=DataExport.State.FAILED
    )
    old = now - datetime.timedelta(days=settings.DATA_EXPORT_DAYS)
    deleted, _ = DataExport.objects.filter(
        Q(state=DataExport.State.READY, expires_at__lte=now)
        | Q(state=DataExport.State.FAILED, created__lte=old)
    ).delete()
    return deleted


# --- Reading -------------------------------------------------------------------------------


def current_data_export(*, person: User) -> DataExport | None:
    """The person's latest request, unless it has expired; without the zip itself."""
    return (
        DataExport.objects.filter(person=person)
        .exclude(state=DataExport.State.READY, expires_at__lte=timezone.now())
        .defer("archive")
        .order_by("-created")
        .first()
    )


def downloadable_data_export(*, person: User, token: str) -> DataExport | None:
    """The zip behind a download link: only its own person's, only while it lasts."""
    return DataExport.objects.filter(
        person=person, token=token, state=DataExport.State.READY, expires_at__gt=timezone.now()
    ).first()


# --- Packaging -----------------------------------------------------------------------------


@dataclass
class Shown:
    """One value as the readable page shows it: text, labelled parts, or a list."""

    text: str | None = None
    pairs: list[tuple[str, "Shown"]] = field(default_factory=list)
    items: list["Shown"] = field(default_factory=list)


@dataclass(frozen=True)
class Packed:
    entry: PersonalData
    file_name: str
    count: int

    @property
    def anchor(self) -> str:
        return f"data-{self.file_name}"


def package_personal_data(*, person: User, made_at: datetime.datetime) -> bytes:
    """The zip's bytes: `index.html`, `<name>.json` per registered entry, `README.txt`."""
    with tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES) as buffer:
        with (
            zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive,
            tempfile.SpooledTemporaryFile(
                max_size=SPOOL_BYTES, mode="w+", encoding="utf-8"
            ) as sections,
        ):
            packed = [
                _pack_entry(archive, sections, entry, person)
                for entry in registered_personal_data()
            ]
            context = {"person": person, "made_at": made_at, "packed": packed}
            with archive.open("index.html", "w", force_zip64=True) as raw:
                page = io.TextIOWrapper(raw, encoding="utf-8")
                page.write(render_to_string("safety/data_export/index_start.html", context))
                sections.seek(0)
                shutil.copyfileobj(sections, page)
                page.write(render_to_string("safety/data_export/index_end.html", context))
                page.flush()
            archive.writestr(
                "README.txt", render_to_string("safety/data_export/README.txt", context)
            )
        buffer.seek(0)
        return buffer.read()


def _pack_entry(
    archive: zipfile.ZipFile, sections: IO[str], entry: PersonalData, person: User
) -> Packed:
    rows = entry.export(person)
    packed = Packed(entry=entry, file_name=_file_name(entry.name), count=len(rows))
    with archive.open(f"{packed.file_name}.json", "w", force_zip64=True) as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8")
        json.dump(rows, text, ensure_ascii=False, indent=2, default=_json_value)
        text.flush()
    sections.write(render_to_string("safety/data_export/section_start.html", {"packed": packed}))
    for chunk in _chunks(rows, ROWS_PER_CHUNK):
        shown = [[(_label(key), _shown(value)) for key, value in row.items()] for row in chunk]
        sections.write(render_to_string("safety/data_export/rows.html", {"rows": shown}))
    sections.write(render_to_string("safety/data_export/section_end.html", {"packed": packed}))
    return packed


def _chunks(rows: list[Row], size: int) -> Iterator[list[Row]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def _file_name(name: str) -> str:
    # Names are chosen by the apps, but a file name inside a zip is a path: keep it plain.
    return re.sub(r"[^a-z0-9_-]+", "-", name.lower()).strip("-") or "data"


def _json_value(value: Any) -> Any:
    """For what an app forgot to turn into JSON: dates as ISO 8601, the rest as text."""
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, Decimal | UUID):
        return str(value)
    if isinstance(value, set | frozenset | tuple):
        return list(value)
    return str(value)


def _label(key: object) -> str:
    words = str(key).replace("_", " ").strip()
    return words[:1].upper() + words[1:]


def _shown(value: Any) -> Shown:
    if isinstance(value, dict | list | tuple | set | frozenset) and not value:
        return Shown(text="None")
    if isinstance(value, dict):
        return Shown(pairs=[(_label(key), _shown(part)) for key, part in value.items()])
    if isinstance(value, list | tuple | set | frozenset):
        return Shown(items=[_shown(part) for part in value])
    return Shown(text=_text(value))


ISO_MOMENT = re.compile(
    r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}:?\d{2}|Z)?)?$"
)


def _text(value: Any) -> str:
    if value is None or value == "":
        return "Not given"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime.datetime):
        return _on(value)
    if isinstance(value, datetime.date):
        return _day(value)
    if isinstance(value, str) and ISO_MOMENT.match(value):
        return _moment_text(value)
    return str(value)


def _moment_text(value: str) -> str:
    try:
        moment = parse_datetime(value)
        if moment is not None and len(value) > 10:
            return _on(moment)
        day = parse_date(value)
    except ValueError:
        return value
    return _day(day) if day else value


# Plain English whatever the worker's locale or language (strftime's %B follows the locale).
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def _on(moment: datetime.datetime) -> str:
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return f"{_day(moment)}, {moment:%H:%M}"


def _day(day: datetime.date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


# --- This app's own personal data: the downloads themselves ---------------------------------


def export_data_exports(person: User) -> list[Row]:
    rows: Iterable[DataExport] = (
        DataExport.objects.filter(person=person).defer("archive").order_by("created", "pk")
    )
    return [
        {
            "asked_for_at": export.created.isoformat(),
            "state": export.get_state_display(),
            "ready_at": export.ready_at.isoformat() if export.ready_at else None,
            "expires_at": export.expires_at.isoformat() if export.expires_at else None,
        }
        for export in rows
    ]


def erase_data_exports(erasure: Erasure) -> None:
    DataExport.objects.filter(person=erasure.person).delete()


register_personal_data(
    PersonalData(
        name="data_downloads",
        title="Downloads of your data you asked for",
        export=export_data_exports,
        erase=erase_data_exports,
        models=("safety.DataExport",),
        order=900,
    )
)
