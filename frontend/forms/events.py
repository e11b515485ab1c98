"""The forms of the event pages. The recurrence picker asks in plain English ("every two weeks on
Tuesday", "the first Tuesday of the month", until a date or for a number of times); turning the
answers into an RFC 5545 rule, finding the first date and saying the rule back in words are the
events app's (events.recurrence): the form only reads what was chosen."""

import datetime

from django import forms
from django.utils import timezone

from events.limits import MAX_PLACES, MAX_SESSIONS
from events.recurrence import (
    LONDON,
    WEEKDAY_NAMES,
    WEEKS_OF_MONTH,
    build_rule,
    describe_rule,
    first_match,
    picker_rule,
)
from frontend.forms.date_parts import DatePartsField
from frontend.forms.writing import WritingBox

WEEKDAYS = list(enumerate(WEEKDAY_NAMES))
REPEATS = [
    ("weekly", "Every week"),
    ("fortnightly", "Every two weeks"),
    ("monthly", "Once a month, on a set weekday (for example, the first Tuesday)"),
]
WEEK_OF_MONTH = [(str(number), word.capitalize()) for number, word in WEEKS_OF_MONTH.items()]
ENDS = [
    ("never", "Keep repeating"),
    ("until", "Stop after a date"),
    ("count", "Stop after a number of times"),
]


def uk_time_field(label: str, *, example: str) -> forms.TimeField:
    """A time of day in UK time, typed or picked, with plain-English errors."""
    return forms.TimeField(
        label=label,
        help_text=f"UK time, for example {example}.",
        error_messages={
            "required": f"Enter the {label.lower()}.",
            "invalid": f"Enter a time, like {example}.",
        },
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )


class RecurrenceForm(forms.Form):
    """The dates part of a series; the times and places are asked for separately."""

    repeats = forms.ChoiceField(
        label="How often?",
        choices=REPEATS,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how often it happens."},
    )
    weekday = forms.TypedChoiceField(
        label="On which day of the week?",
        choices=WEEKDAYS,
        coerce=int,
        error_messages={"required": "Choose a day of the week."},
    )
    week = forms.TypedChoiceField(
        label="Which one in the month?",
        choices=WEEK_OF_MONTH,
        coerce=int,
        required=False,
        help_text=(
            "Only for sessions once a month. For example, choose First for the first Tuesday."
        ),
    )
    starts_on = DatePartsField(
        label="Starting from",
        help_text="The first session is on the first matching day from this date.",
        error_messages={"required": "Enter the date to start from."},
    )
    start_time = uk_time_field("Start time", example="10:00")
    end_time = uk_time_field("End time", example="12:00")
    ends = forms.ChoiceField(
        label="When does it stop?",
        choices=ENDS,
        initial="never",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose when the sessions stop."},
    )
    until = DatePartsField(
        label="Last date",
        required=False,
        help_text="Only if you chose to stop after a date.",
        example="28 7 2027",
    )
    count = forms.IntegerField(
        label="Number of sessions",
        required=False,
        min_value=1,
        max_value=MAX_SESSIONS,
        help_text="Only if you chose to stop after a number of times.",
        error_messages={
            "invalid": "Enter a whole number, like 6.",
            "min_value": "Enter 1 or more.",
            "max_value": "Enter 200 or fewer. For longer, choose to keep repeating.",
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    week.conditionally_required = True
    until.conditionally_required = True
    count.conditionally_required = True

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("repeats") == "monthly" and cleaned.get("week") in (None, ""):
            self.add_error("week", "Choose which one in the month, for example First.")
        ends = cleaned.get("ends")
        if ends == "until" and not cleaned.get("until") and "until" not in self.errors:
            self.add_error("until", "Enter the last date, or choose another way to stop.")
        if ends == "count" and not cleaned.get("count") and "count" not in self.errors:
            self.add_error("count", "Enter the number of sessions, or choose another way to stop.")
        start, end = cleaned.get("start_time"), cleaned.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", "The end time must be after the start time.")
        first = self.first_date()
        until = cleaned.get("until")
        if first and ends == "until" and until and until < first:
            self.add_error(
                "until", f"The last date must be on or after the first session, {first:%-d %B %Y}."
            )
        return cleaned

    def _rule_parts(self) -> dict:
        data = self.cleaned_data
        return {
            "repeats": data["repeats"],
            "weekday": data["weekday"],
            "week": data.get("week") or 1,
            "ends": data["ends"],
            "until": data.get("until"),
            "count": data.get("count"),
        }

    def first_date(self) -> datetime.date | None:
        data = self.cleaned_data
        if not all(
            data.get(name) not in (None, "") for name in ("repeats", "weekday", "starts_on")
        ):
            return None
        return first_match(
            start=data["starts_on"],
            repeats=data["repeats"],
            weekday=data["weekday"],
            week=data.get("week") or 1,
            at=data.get("start_time"),
            after=timezone.now(),
        )

    def rule(self) -> str:
        """The whole RRULE value, UNTIL or COUNT included, as a calendar file would carry it."""
        return build_rule(**self._rule_parts())

    def series_fields(self) -> dict:
        """What a Series stores: the rule without UNTIL or COUNT, which it keeps apart."""
        parts = self._rule_parts()
        data = self.cleaned_data
        return {
            "rule": picker_rule(
                repeats=parts["repeats"], weekday=parts["weekday"], week=parts["week"]
            ),
            "start_date": self.first_date(),
            "start_time": data["start_time"],
            "duration_minutes": int(self.duration().total_seconds() // 60),
            "until": data.get("until") if parts["ends"] == "until" else None,
            "count": data.get("count") if parts["ends"] == "count" else None,
        }

    def description(self) -> str:
        return describe_rule(**self._rule_parts())

    def first_start(self) -> datetime.datetime:
        """The first session's start, in UK time (DTSTART)."""
        return datetime.datetime.combine(
            self.first_date(), self.cleaned_data["start_time"], tzinfo=LONDON
        )

    def duration(self) -> datetime.timedelta:
        day = datetime.date(2000, 1, 1)
        return datetime.datetime.combine(day, self.cleaned_data["end_time"]) - (
            datetime.datetime.combine(day, self.cleaned_data["start_time"])
        )


# ---- Finding events ----


class EventFilterForm(forms.Form):
    """The filters on Find events. An unknown value (an old link, a typo) is ignored, never an
    error page, except dates, which say what is wrong."""

    q = forms.CharField(
        label="Search words",
        required=False,
        max_length=100,
        help_text="For example “benefits” or “employing a PA”. We look at titles and themes.",
        error_messages={"max_length": "Write 100 characters or fewer."},
    )
    organisation = forms.ChoiceField(label="Organisation", required=False)
    kind = forms.ChoiceField(label="Kind of event", required=False)
    format = forms.ChoiceField(label="Online or in person", required=False)
    theme = forms.ChoiceField(label="Theme", required=False)
    area = forms.ChoiceField(label="Council area", required=False)
    date_from = DatePartsField(label="From date", required=False, example="3 2 2027")
    date_to = DatePartsField(label="To date", required=False, example="28 2 2027")
    step_free = forms.BooleanField(label="Step-free venue", required=False)
    bsl_interpreter = forms.BooleanField(label="BSL interpreter", required=False)

    CHOICE_FIELDS = ("organisation", "kind", "format", "theme", "area")

    def __init__(self, *args, choices: dict[str, list[tuple[str, str]]], **kwargs):
        super().__init__(*args, **kwargs)
        empty = {
            "organisation": "All organisations",
            "kind": "All kinds",
            "format": "Online and in person",
            "theme": "All themes",
            "area": "All areas",
        }
        for name in self.CHOICE_FIELDS:
            self.fields[name].choices = [("", empty[name]), *choices[name]]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", "The “To date” must be on or after the “From date”.")
        return cleaned

    def filters(self) -> dict:
        """What to filter by; a value that is not one of the choices is dropped, not an error."""
        self.is_valid()
        found = {}
        for name in self.fields:
            if name in self.errors and name in self.CHOICE_FIELDS:
                continue
            value = self.cleaned_data.get(name)
            if value not in (None, "", False):
                found[name] = value
        return found

    def date_errors(self) -> bool:
        self.is_valid()
        return bool({"date_from", "date_to"} & set(self.errors))


# ---- Booking ----


class BookingForm(forms.Form):
    """One place on one date: for the person booking or for someone they care for (a carer books
    one place per person attending), each with their own access needs. For a hybrid event, how
    they will join (`mode_choices`, with the places left of each); otherwise no such question."""

    for_whom = forms.ChoiceField(
        label="Who is the place for?",
        choices=[("me", "For me"), ("cared_for", "For the person I care for")],
        initial="me",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose who the place is for."},
    )
    for_person_name = forms.CharField(
        label="Their first name",
        required=False,
        max_length=100,
        help_text="Only if the place is for the person you care for. A first name is enough.",
    )
    attendance_mode = forms.ChoiceField(
        label="How will you join?",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose whether you will join in person or online.",
            "invalid_choice": "Choose whether you will join in person or online.",
        },
    )
    companion = forms.BooleanField(
        label="A companion or carer is coming too",
        required=False,
        help_text="They take a place too, so the organisers know how many people to expect.",
    )
    access_needs = forms.MultipleChoiceField(
        label="Do you need any of these to take part?",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=(
            "Only the organisation's staff and the hosts of this session see what you tell us "
            "here. Other people who come never see it."
        ),
    )
    access_notes = forms.CharField(
        label="Anything else the organisers should know",
        required=False,
        max_length=1000,
        help_text=(
            "For example, a room on the ground floor, or a break every half hour. Only the "
            "organisation's staff and the hosts see this."
        ),
        error_messages={"max_length": "Write 1,000 characters or fewer."},
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    for_person_name.conditionally_required = True

    def __init__(
        self,
        *args,
        access_choices: list[tuple[str, str]],
        mode_choices: list[tuple[str, str]] | None = None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.fields["access_needs"].choices = access_choices
        if mode_choices:
            self.fields["attendance_mode"].choices = mode_choices
        else:
            del self.fields["attendance_mode"]

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("for_whom") == "cared_for"
            and not cleaned.get("for_person_name", "").strip()
        ):
            self.add_error("for_person_name", "Enter the first name of the person you care for.")
        return cleaned

    def booking_fields(self) -> dict:
        data = self.cleaned_data
        fields = {
            "for_person_name": (
                data["for_person_name"].strip() if data["for_whom"] == "cared_for" else ""
            ),
            "companions": 1 if data["companion"] else 0,
            "access_needs": list(data["access_needs"]),
            "access_notes": data["access_notes"].strip(),
        }
        if "attendance_mode" in self.fields:
            fields["attendance_mode"] = data["attendance_mode"]
        return fields


class BookingChangeForm(BookingForm):
    """A booking changed in place. Waiting for more places, when the date has no room for a
    companion, is the page's second button (`wait_for_more`), not a field of the form."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["for_whom"].label = "Who is this place for?"

    @staticmethod
    def initial_for(booking) -> dict:
        initial = {
            "for_whom": "cared_for" if booking.for_person_name else "me",
            "for_person_name": booking.for_person_name,
            "companion": booking.companions > 0,
            "access_needs": list(booking.access_needs or ()),
            "access_notes": booking.access_notes,
        }
        if booking.attendance_mode:
            initial["attendance_mode"] = booking.attendance_mode
        return initial

    def change_fields(self, booking) -> dict:
        """What the change service takes: only what differs from the booking, so that an
        unchanged companion is not a request for places. More than one companion (booked
        through the API or by staff) stays as it is unless the box is unticked."""
        wanted = self.booking_fields()
        if wanted["companions"] and booking.companions:
            wanted["companions"] = booking.companions
        current = {
            "for_person_name": booking.for_person_name,
            "companions": booking.companions,
            "access_needs": list(booking.access_needs or ()),
            "access_notes": booking.access_notes,
            "attendance_mode": booking.attendance_mode,
        }
        return {name: value for name, value in wanted.items() if value != current[name]}


# When bookings close, before each date starts (minutes), as organisers choose it.
BOOKING_CLOSES = [
    (0, "When the date starts"),
    (60, "1 hour before"),
    (120, "2 hours before"),
    (24 * 60, "24 hours before"),
    (48 * 60, "48 hours before"),
]


def closing_in_words(minutes: int) -> str:
    """ "2 hours before", "30 minutes before", "3 days before"; "" when bookings stay open."""
    if not minutes:
        return ""
    days, rest = divmod(minutes, 24 * 60)
    if not rest and days > 2:
        return f"{days} days before"
    hours, mins = divmod(minutes, 60)
    words = []
    if hours:
        words.append(f"{hours} hour{'s' if hours != 1 else ''}")
    if mins:
        words.append(f"{mins} minute{'s' if mins != 1 else ''}")
    return f"{' and '.join(words)} before"


# ---- Organisers: events and dates ----


def _uk(date: datetime.date, time: datetime.time) -> datetime.datetime:
    return datetime.datetime.combine(date, time, tzinfo=LONDON)


class EventForm(forms.Form):
    """An event's details. The rules (who may, what a published online event needs) are the
    service's; this only reads what was typed."""

    title = forms.CharField(
        label="Title",
        max_length=150,
        help_text="Say what it is in a few plain words, like “Becoming an employer”.",
        error_messages={"required": "Enter a title."},
    )
    kind = forms.ChoiceField(label="Kind of event", widget=forms.RadioSelect)
    summary = forms.CharField(
        label="Summary",
        required=False,
        max_length=300,
        help_text="One or two sentences shown in lists of events.",
        error_messages={"max_length": "Write 300 characters or fewer."},
    )
    description = forms.CharField(
        label="Description",
        required=False,
        max_length=10000,
        widget=WritingBox(attrs={"rows": 10}),
    )
    themes = forms.MultipleChoiceField(
        label="Themes", required=False, widget=forms.CheckboxSelectMultiple
    )
    audience = forms.ChoiceField(label="Who is it for?", widget=forms.RadioSelect)
    format = forms.ChoiceField(label="Online or in person?", widget=forms.RadioSelect)
    hosts = forms.MultipleChoiceField(
        label="Hosts",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Hosts can open the register and see people's access needs.",
    )
    capacity = forms.IntegerField(
        label="Places on each date",
        min_value=1,
        max_value=MAX_PLACES,
        initial=20,
        error_messages={
            "required": "Enter the number of places.",
            "invalid": "Enter a whole number, like 20.",
            "min_value": "There must be at least 1 place.",
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    venue_name = forms.CharField(
        label="Venue name", required=False, max_length=150, help_text="For in-person events."
    )
    address = forms.CharField(
        label="Address",
        required=False,
        max_length=300,
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
    postcode = forms.CharField(
        label="Postcode",
        required=False,
        max_length=10,
        widget=forms.TextInput(attrs={"autocomplete": "postal-code"}),
    )
    area = forms.ChoiceField(label="Council area", required=False)
    access = forms.MultipleChoiceField(
        label="What does the venue have?",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="People filter events by these, so only tick what is really there.",
    )
    transport_notes = forms.CharField(
        label="Getting there by public transport",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    joining_link = forms.URLField(
        label="Joining link",
        required=False,
        assume_scheme="https",
        help_text="For online events. Only people with a place, hosts and staff see it.",
        error_messages={"invalid": "Enter a web address, like https://meet.example.org/room"},
    )
    use_site_chat_room = forms.BooleanField(
        label="Use the Alongside chat room instead of a link", required=False
    )
    online_capacity = forms.IntegerField(
        label="Online places on each date",
        required=False,
        min_value=0,
        max_value=MAX_PLACES,
        help_text=(
            "Only for events that are both online and in person: how many of the places are "
            "online. The rest are in person."
        ),
        error_messages={
            "invalid": "Enter a whole number, like 5.",
            "min_value": "Enter 0 or more.",
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    cost = forms.CharField(
        label="Cost",
        required=False,
        max_length=100,
        help_text=(
            "Leave this empty if it is free. If people pay, say the price in words, like "
            "“£5, free for carers”. People do not pay on Alongside."
        ),
        error_messages={"max_length": "Write 100 characters or fewer."},
    )
    booking_closes_minutes = forms.TypedChoiceField(
        label="When do bookings close?",
        choices=BOOKING_CLOSES,
        coerce=int,
        initial=0,
        required=False,
        empty_value=0,
        widget=forms.RadioSelect,
    )
    waiting_list_mode = forms.ChoiceField(
        label="When a place comes free",
        widget=forms.RadioSelect,
        initial="automatic",
        required=False,
    )
    offer_hours = forms.IntegerField(
        label="Hours to accept an offered place",
        min_value=1,
        max_value=168,
        initial=24,
        required=False,
        help_text="Only if you offer the place. Up to 168 hours (a week).",
        error_messages={
            "invalid": "Enter a whole number of hours, like 24.",
            "min_value": "Give people at least 1 hour.",
            "max_value": "Give people at most 168 hours (a week).",
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    publish = forms.BooleanField(
        label="Publish it now, so people can find and book it",
        required=False,
        help_text="Leave this unticked to keep it as a draft that only staff can see.",
    )
    title.widget.attrs["spellcheck"] = "true"

    def __init__(self, *args, choices: dict[str, list[tuple[str, str]]], **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("kind", "themes", "audience", "format", "hosts", "access"):
            self.fields[name].choices = choices[name]
        self.fields["area"].choices = [("", "Not in one area"), *choices["area"]]
        self.fields["description"].help_text = choices.get("markdown_hint", "")
        self.fields["waiting_list_mode"].choices = choices.get("waiting_list_mode", [])
        # A close time set another way (the API) stays a choice, so saving keeps it.
        closes = self.initial.get("booking_closes_minutes") or self.data.get(
            "booking_closes_minutes"
        )
        known = {minutes for minutes, _ in BOOKING_CLOSES}
        if str(closes or "0").isdigit() and int(closes or 0) not in known:
            extra = (int(closes), closing_in_words(int(closes)).capitalize())
            self.fields["booking_closes_minutes"].choices = [*BOOKING_CLOSES, extra]

    def event_fields(self, access_fields: tuple[str, ...]) -> dict:
        """What the service takes, venue access ticks turned into the event's yes/no fields."""
        data = dict(self.cleaned_data)
        ticked = set(data.pop("access"))
        data.pop("publish")
        data.pop("themes")
        data.pop("hosts")
        for name in access_fields:
            data[name] = name in ticked
        if data.get("format") != "hybrid":
            # Asked on the same page as the other formats: only a hybrid event keeps it.
            data["online_capacity"] = None
        # Left out (an older form, a script): the event's defaults.
        data["waiting_list_mode"] = data.get("waiting_list_mode") or "automatic"
        if data.get("offer_hours") is None:
            data["offer_hours"] = 24
        return data


class OneDateForm(forms.Form):
    date = DatePartsField(label="Date", example="3 2 2027")
    start_time = uk_time_field("Start time", example="10:00")
    end_time = uk_time_field("End time", example="12:00")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_time"), cleaned.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", "The end time must be after the start time.")
        return cleaned

    def start(self) -> datetime.datetime:
        return _uk(self.cleaned_data["date"], self.cleaned_data["start_time"])

    def end(self) -> datetime.datetime:
        return _uk(self.cleaned_data["date"], self.cleaned_data["end_time"])


class MoveDateForm(OneDateForm):
    reason = forms.CharField(
        label="Why it has moved",
        required=False,
        max_length=300,
        help_text="We send this to everyone booked, with the new time.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].label = "New date"
        self.fields["start_time"].label = "New start time"
        self.fields["end_time"].label = "New end time"


class ChangeDateForm(forms.Form):
    """One date's host and number of places. Who may host, and how few places are too few, are
    the service's rules."""

    host = forms.ChoiceField(
        label="Host for this date",
        required=False,
        help_text=(
            "Choose someone from your organisation to host just this date. If the host changes, "
            "we tell everyone booked and waiting."
        ),
        error_messages={"invalid_choice": "Choose a host from the list."},
    )
    capacity = forms.IntegerField(
        label="Places on this date",
        min_value=1,
        max_value=MAX_PLACES,
        error_messages={
            "required": "Enter the number of places.",
            "invalid": "Enter a whole number, like 20.",
            "min_value": "There must be at least 1 place.",
            "max_value": f"There can be up to {MAX_PLACES:,} places.",
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )

    def __init__(self, *args, hosts: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["host"].choices = [("", "The event's usual hosts"), *hosts]


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="Reason",
        required=False,
        max_length=300,
        help_text="We send this to everyone booked. For example, “The venue is closed”.",
        error_messages={"max_length": "Write 300 characters or fewer."},
    )


class WalkInForm(forms.Form):
    name = forms.CharField(
        label="Name of the person who walked in",
        max_length=100,
        help_text="A first name or a nickname is enough.",
        error_messages={"required": "Enter a name for the person who walked in."},
    )
    companions = forms.TypedChoiceField(
        label="Did they bring a companion or carer?",
        choices=[("0", "No"), ("1", "Yes, one")],
        coerce=int,
        initial="0",
        widget=forms.RadioSelect,
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Calendar file (.ics)",
        help_text=(
            "Export it from your calendar app, for example “Export calendar” in Outlook or "
            "Google Calendar. Up to 2 MB."
        ),
        error_messages={
            "required": "Choose a calendar file to upload.",
            "empty": "The file is empty. Choose another file.",
        },
        widget=forms.ClearableFileInput(attrs={"accept": ".ics,text/calendar"}),
    )

    MAX_BYTES = 2 * 1024 * 1024

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError("The file is bigger than 2 MB. Split it, or ask us.")
        if not upload.name.lower().endswith((".ics", ".ical", ".ifb", ".icalendar")):
            raise forms.ValidationError("Choose a calendar file whose name ends in .ics")
        return upload

    def text(self) -> str:
        raw = self.cleaned_data["file"].read()
        return raw.decode("utf-8-sig", errors="replace")


class CalendarAddressForm(forms.Form):
    # A CharField, not a URLField: webcal:// addresses (what "Subscribe" links give) are fine.
    address = forms.CharField(
        label="Your calendar's web address",
        max_length=500,
        help_text=(
            "In Google Calendar: Settings, your calendar, “Secret address in iCal format”. In "
            "Outlook: Settings, Calendar, Shared calendars, “Publish a calendar”, the ICS link. "
            "It starts with https:// or webcal://."
        ),
        error_messages={"required": "Enter your calendar's web address."},
        widget=forms.URLInput(attrs={"autocomplete": "url", "spellcheck": "false"}),
    )
