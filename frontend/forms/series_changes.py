"""The forms that change a repeating event as a whole: a new time, day, length or end from one
date on (the plain-English picker again, less its start date), skipping several dates at once,
and ending the series on a date."""

import datetime

from django import forms

from events.models import Series
from events.recurrence import WEEKDAY_CODES, picker_rule
from events.series_plans import ComingDate, NewRule
from events.time_zones import UK_ZONE, is_uk, local_time, time_in_zone, zone_name
from frontend.forms.date_parts import DatePartsField
from frontend.forms.events import WEEKDAYS, ReasonForm, RecurrenceForm


def date_label(day: datetime.date) -> str:
    return f"{day:%A %-d %B %Y}"


def picker_answers(rule: str) -> dict:
    """The picker's answers that give `rule`, or {} when the picker cannot say it (a rule sent
    through the API or imported may say more)."""
    head, _, days = rule.partition(";BYDAY=")
    several = days.split(",")
    if len(several) > 1 and all(day in WEEKDAY_CODES for day in several):
        repeats = {"FREQ=WEEKLY": "weekly", "FREQ=WEEKLY;INTERVAL=2": "fortnightly"}.get(head)
        if repeats is None:
            return {}
        numbers = [WEEKDAY_CODES.index(day) for day in several]
        return {"repeats": repeats, "weekday": numbers[0], "also_on": numbers[1:]}
    for repeats in ("weekly", "fortnightly", "monthly"):
        for weekday in range(7):
            for week in (1, 2, 3, 4, -1) if repeats == "monthly" else (1,):
                if picker_rule(repeats=repeats, weekday=weekday, week=week) == rule:
                    return {"repeats": repeats, "weekday": weekday, "week": week}
    return {}


def initial_for(series: Series) -> dict:
    """What the series does now, as the form's answers."""
    end = datetime.datetime.combine(series.start_date, series.start_time) + datetime.timedelta(
        minutes=series.duration_minutes
    )
    return {
        **picker_answers(series.rule),
        "start_time": series.start_time,
        "end_time": end.time(),
        "ends": "until" if series.until else "count" if series.count else "never",
        "until": series.until,
        "count": series.count,
    }


class ChangeRepeatsForm(RecurrenceForm):
    """The picker, with the first date the change applies from chosen among the coming dates."""

    starts_on = None  # the change starts at the chosen date instead
    from_date = forms.TypedChoiceField(
        label="Change from which date?",
        help_text="This date and every later one change. Earlier dates stay as they are.",
        coerce=datetime.date.fromisoformat,
        error_messages={
            "required": "Choose the first date to change.",
            "invalid_choice": "Choose one of the dates still to come.",
        },
    )
    also_on = forms.TypedMultipleChoiceField(
        label="Also on these days",
        choices=WEEKDAYS,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Only for sessions every week or every two weeks, on more than one day.",
    )
    field_order = [
        "from_date", "start_time", "end_time", "repeats", "weekday", "also_on", "week", "ends",
    ]  # fmt: skip

    def __init__(self, *args, coming: list[ComingDate], time_zone: str = UK_ZONE, **kwargs):
        super().__init__(*args, **kwargs)
        # Days and times are the series' own: a New York series changes on New York days.
        days = sorted({local_time(date.occurrence.start, time_zone).date() for date in coming})
        self.fields["from_date"].choices = [(day.isoformat(), date_label(day)) for day in days]
        self.fields["repeats"].label = "How often, from then on?"
        if not is_uk(time_zone):
            for name, example in (("start_time", "10:00"), ("end_time", "12:00")):
                self.fields[
                    name
                ].help_text = (
                    f"{zone_name(time_zone)} time, as the series keeps, for example {example}."
                )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("also_on") and cleaned.get("repeats") == "monthly":
            self.add_error(
                "also_on", "Sessions once a month are on one day. Untick the other days."
            )
        return cleaned

    def first_date(self) -> datetime.date | None:
        return self.cleaned_data.get("from_date")

    def picked_rule(self) -> str:
        """The picker's rule (no UNTIL or COUNT), with the other days of a weekly one."""
        rule = self.series_fields()["rule"]
        weekday = self.cleaned_data["weekday"]
        days = sorted({weekday, *self.cleaned_data.get("also_on", [])})
        if len(days) == 1 or self.cleaned_data["repeats"] == "monthly":
            return rule
        codes = ",".join(WEEKDAY_CODES[day] for day in days)
        return rule.replace(f"BYDAY={WEEKDAY_CODES[weekday]}", f"BYDAY={codes}")

    def new_rule(self) -> NewRule:
        fields = self.series_fields()
        return NewRule(
            from_date=self.cleaned_data["from_date"],
            rule=self.picked_rule(),
            start_time=fields["start_time"],
            duration_minutes=fields["duration_minutes"],
            until=fields["until"],
            count=fields["count"],
        )


class SkipDatesForm(ReasonForm):
    dates = forms.TypedMultipleChoiceField(
        label="Dates to skip",
        required=False,
        coerce=datetime.date.fromisoformat,
        widget=forms.CheckboxSelectMultiple,
        help_text="Tick each date with no session.",
        error_messages={"invalid_choice": "Choose dates from the list."},
    )
    bank_holidays = forms.BooleanField(
        label="Skip all bank holidays in England, this year and every year after",
        required=False,
    )
    field_order = ["dates", "bank_holidays", "reason"]

    def __init__(self, *args, coming: list[ComingDate], time_zone: str = UK_ZONE, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dates"].choices = [
            (day.isoformat(), label) for day, label in _skip_choices(coming, time_zone).items()
        ]
        self.fields["reason"].help_text = "We send this to everyone booked on those dates."

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("dates") and not cleaned.get("bank_holidays") and not self.errors:
            self.add_error("dates", "Tick the dates to skip, or skip the bank holidays.")
        return cleaned


def _skip_choices(coming: list[ComingDate], time_zone: str) -> dict[datetime.date, str]:
    """Each coming day of the series, by its own zone's calendar (what skipping leaves out)."""
    choices: dict[datetime.date, str] = {}
    for date in coming:
        start = date.occurrence.start
        day = local_time(start, time_zone).date()
        label = f"{date_label(day)} at {time_in_zone(start, time_zone)}"
        if date.bank_holiday:
            label += f" (bank holiday: {date.bank_holiday})"
        choices.setdefault(day, label)
    return choices


class EndSeriesForm(ReasonForm):
    last_date = DatePartsField(
        label="Last date",
        help_text="The last day with a session. Every later date is cancelled.",
        error_messages={"required": "Enter the last date."},
        example="28 7 2027",
    )
    field_order = ["last_date", "reason"]
