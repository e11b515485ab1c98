"""A date typed as people say it: three boxes, Day, Month and Year, in a fieldset (the GOV.UK
"date input" pattern), in place of the browser's date picker, which showed mm/dd/yyyy even in
en-GB. Errors say what is wrong and mark only the box that is wrong. A single value under the
field's own name (?date_from=2027-01-05, or 14/03/2025) is still read, so old links, bookmarks
and scripts keep working."""

import datetime
from typing import Any, NamedTuple

from django import forms
from django.core.exceptions import ValidationError
from django.utils import formats

PARTS = ("day", "month", "year")
LABELS = {"day": "Day", "month": "Month", "year": "Year"}
# Characters wide, so the box shows how much to type.
WIDTHS = {"day": 2, "month": 2, "year": 4}

MONTH_NAMES = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
# "sept" as well as "sep": both are common.
MONTHS_BY_NAME = {
    **{name: number for number, name in enumerate(MONTH_NAMES, start=1)},
    **{name[:3]: number for number, name in enumerate(MONTH_NAMES, start=1)},
    "sept": 9,
}
ORDINAL_ENDINGS = ("st", "nd", "rd", "th")

MISSING = {
    ("day",): "Enter the day.",
    ("month",): "Enter the month.",
    ("year",): "Enter the year.",
    ("day", "month"): "Enter the day and month.",
    ("month", "year"): "Enter the month and year.",
    ("day", "year"): "Enter the day and year.",
}
WRONG = {
    "day": "Enter a day between 1 and 31.",
    "month": "Enter a month between 1 and 12.",
    "year": "Enter the year as 4 numbers, like 2027.",
}
NOT_REAL = "The date must be a real date."


class DateParts(NamedTuple):
    """What was typed in the three boxes, as typed."""

    day: str
    month: str
    year: str

    @classmethod
    def of(cls, date: datetime.date) -> "DateParts":
        return cls(str(date.day), str(date.month), str(date.year))

    def is_blank(self) -> bool:
        return not any(part.strip() for part in self)


class DateProblem(NamedTuple):
    message: str
    code: str
    parts: tuple[str, ...]


def _day(text: str) -> int | None:
    text = text.strip().lower()
    for ending in ORDINAL_ENDINGS:
        text = text.removesuffix(ending)
    return int(text) if text.isdigit() and 1 <= int(text) <= 31 else None


def _month(text: str) -> int | None:
    text = text.strip().lower().rstrip(".")
    if text.isdigit():
        return int(text) if 1 <= int(text) <= 12 else None
    return MONTHS_BY_NAME.get(text)


def _year(text: str) -> int | None:
    text = text.strip()
    return int(text) if text.isdigit() and len(text) == 4 and int(text) >= 1 else None


def read_parts(parts: DateParts) -> datetime.date | DateProblem | None:
    """The date the boxes hold, what is wrong with them (the most useful message first, and
    which boxes to mark), or None when all three are empty."""
    if parts.is_blank():
        return None
    missing = tuple(name for name, text in zip(PARTS, parts, strict=True) if not text.strip())
    if missing:
        return DateProblem(MISSING[missing], "incomplete", missing)
    numbers = {"day": _day(parts.day), "month": _month(parts.month), "year": _year(parts.year)}
    wrong = tuple(name for name in PARTS if numbers[name] is None)
    if len(wrong) == 1:
        return DateProblem(WRONG[wrong[0]], f"wrong_{wrong[0]}", wrong)
    if wrong:
        return DateProblem(NOT_REAL, "invalid", wrong)
    try:
        return datetime.date(numbers["year"], numbers["month"], numbers["day"])  # type: ignore[arg-type]
    except ValueError:
        # 31 February, 29 February outside a leap year: the date as a whole is wrong.
        return DateProblem(NOT_REAL, "invalid", PARTS)


def read_single(text: str) -> datetime.date | None:
    """One value under the plain name: the forms' old single box, links and scripts (ISO, or any
    format Django accepts for the UK, like 14/03/2025)."""
    text = text.strip()
    for date_format in ("%Y-%m-%d", *formats.get_format("DATE_INPUT_FORMATS")):
        try:
            return datetime.datetime.strptime(text, date_format).date()
        except (ValueError, TypeError):
            continue
    return None


class DatePartsWidget(forms.Widget):
    """Day, Month and Year boxes. Rendered inside the field include's fieldset, whose legend is
    the question and which carries the hint and error (aria-describedby)."""

    template_name = "frontend/widgets/date_parts.html"
    use_fieldset = True

    def value_from_datadict(self, data, files, name) -> DateParts | str | None:
        names = [f"{name}_{part}" for part in PARTS]
        if any(box in data for box in names):
            return DateParts(*(str(data.get(box) or "") for box in names))
        if name in data:
            return str(data.get(name) or "")
        return None

    def value_omitted_from_data(self, data, files, name) -> bool:
        return name not in data and not any(f"{name}_{part}" in data for part in PARTS)

    def use_required_attribute(self, initial) -> bool:
        # The browser's own "Please fill in this field" would come before our plain message.
        return False

    def id_for_label(self, id_: str) -> str:
        return f"{id_}_day" if id_ else ""

    def format_value(self, value: Any) -> DateParts:
        if isinstance(value, DateParts):
            return value
        if isinstance(value, datetime.datetime):
            return DateParts.of(value.date())
        if isinstance(value, datetime.date):
            return DateParts.of(value)
        if isinstance(value, str) and (date := read_single(value)):
            return DateParts.of(date)
        return DateParts("", "", "")

    def get_context(self, name: str, value: Any, attrs: dict | None) -> dict:
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        shown: DateParts = widget["value"]
        box_attrs = dict(widget["attrs"])
        field_id = box_attrs.pop("id", "")
        in_error = box_attrs.pop("aria-invalid", None) == "true"
        box_attrs.pop("required", None)
        marked: tuple[str, ...] = ()
        if in_error:
            found = read_parts(shown)
            # An error from elsewhere (a date before another, a rule of the service): all three.
            marked = found.parts if isinstance(found, DateProblem) else PARTS
        widget["id"] = field_id
        widget["boxes"] = [
            {
                "name": f"{name}_{part}",
                "id": f"{field_id}_{part}" if field_id else "",
                "label": LABELS[part],
                "value": text,
                "width": WIDTHS[part],
                "invalid": part in marked,
                "attrs": box_attrs,
            }
            for part, text in zip(PARTS, shown, strict=True)
        ]
        return context


class DatePartsField(forms.Field):
    """A date in three boxes, with a hint giving an example the way people write it."""

    widget = DatePartsWidget
    default_error_messages = {"required": "Enter the date.", "invalid": NOT_REAL}

    def __init__(self, *, example: str = "27 3 2027", **kwargs):
        help_text = kwargs.pop("help_text", "")
        hint = f"For example, {example}"
        kwargs["help_text"] = f"{help_text} {hint}." if help_text else f"{hint}."
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> datetime.date | None:
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        if isinstance(value, DateParts):
            found = read_parts(value)
            if isinstance(found, DateProblem):
                raise ValidationError(found.message, code=found.code)
            return found
        date = read_single(str(value))
        if date is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return date

    def has_changed(self, initial, data) -> bool:
        try:
            return self.to_python(initial) != self.to_python(data)
        except ValidationError:
            return True
