"""Dates typed as people say them: Day, Month and Year boxes in a fieldset, errors that say what
is wrong and mark the box that is wrong, and a single value under the plain name (old links,
scripts) still read."""

import datetime
import importlib
import inspect
import pkgutil
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django import forms
from django.template.loader import render_to_string
from django.urls import reverse

import frontend.forms
from frontend.forms.date_parts import DatePartsField, DatePartsWidget
from tests.events.factories import EventFactory, OccurrenceFactory
from tests.frontend.conftest import page_text

UK = ZoneInfo("Europe/London")
NOW = datetime.datetime(2027, 3, 1, 9, tzinfo=UK)
TEMPLATES = Path(frontend.forms.__file__).parent.parent / "templates"


class WhenForm(forms.Form):
    when = DatePartsField(label="When is it?")


class MaybeWhenForm(forms.Form):
    when = DatePartsField(label="When is it?", required=False, help_text="Only if you know.")


def typed(day: str, month: str, year: str) -> dict[str, str]:
    return {"when_day": day, "when_month": month, "when_year": year}


def field_html(form: forms.Form) -> str:
    return render_to_string("frontend/includes/field.html", {"field": form["when"]})


def marked_boxes(html: str) -> set[str]:
    return set(re.findall(r'name="when_(\w+)"[^>]*aria-invalid="true"', html))


@pytest.mark.parametrize(
    ("day", "month", "year", "date"),
    [
        ("27", "3", "2027", datetime.date(2027, 3, 27)),
        ("05", "01", "2027", datetime.date(2027, 1, 5)),
        (" 9 ", " 12 ", " 2026 ", datetime.date(2026, 12, 9)),
        ("1st", "March", "2027", datetime.date(2027, 3, 1)),
        ("3", "feb", "2027", datetime.date(2027, 2, 3)),
        ("30", "Sept.", "2027", datetime.date(2027, 9, 30)),
        ("29", "2", "2028", datetime.date(2028, 2, 29)),
    ],
)
def test_the_three_boxes_read_a_date_as_people_type_it(day, month, year, date):
    form = WhenForm(typed(day, month, year))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["when"] == date


@pytest.mark.parametrize(
    ("day", "month", "year", "message", "marked"),
    [
        ("", "", "", "Enter the date.", {"day", "month", "year"}),
        ("", "3", "2027", "Enter the day.", {"day"}),
        ("27", "", "2027", "Enter the month.", {"month"}),
        ("27", "3", "", "Enter the year.", {"year"}),
        ("", "", "2027", "Enter the day and month.", {"day", "month"}),
        ("27", "", "", "Enter the month and year.", {"month", "year"}),
        ("", "3", "", "Enter the day and year.", {"day", "year"}),
        ("32", "3", "2027", "Enter a day between 1 and 31.", {"day"}),
        ("0", "3", "2027", "Enter a day between 1 and 31.", {"day"}),
        ("27", "13", "2027", "Enter a month between 1 and 12.", {"month"}),
        ("27", "Marchember", "2027", "Enter a month between 1 and 12.", {"month"}),
        ("27", "3", "27", "Enter the year as 4 numbers, like 2027.", {"year"}),
        ("31", "2", "2027", "The date must be a real date.", {"day", "month", "year"}),
        ("29", "2", "2027", "The date must be a real date.", {"day", "month", "year"}),
        ("x", "y", "2027", "The date must be a real date.", {"day", "month"}),
    ],
)
def test_each_problem_says_what_is_wrong_and_marks_only_the_wrong_boxes(
    day, month, year, message, marked
):
    form = WhenForm(typed(day, month, year))
    assert not form.is_valid()
    assert form.errors["when"] == [message]
    html = field_html(form)
    assert marked_boxes(html) == marked
    # What they typed stays in the boxes.
    for part, text in (("day", day), ("month", month), ("year", year)):
        if text:
            assert f'name="when_{part}" id="id_when_{part}" value="{text}"' in html


def test_an_optional_date_left_empty_is_no_date_and_no_error():
    form = MaybeWhenForm(typed("", "", ""))
    assert form.is_valid()
    assert form.cleaned_data["when"] is None
    assert MaybeWhenForm({}).is_valid()


def test_an_error_from_the_form_marks_all_three_boxes():
    form = MaybeWhenForm(typed("27", "3", "2027"))
    assert form.is_valid()
    form.add_error("when", "The date must be after the first session.")
    assert marked_boxes(field_html(form)) == {"day", "month", "year"}


@pytest.mark.parametrize(
    ("data", "date"),
    [
        ({"when": "2027-01-05"}, datetime.date(2027, 1, 5)),
        ({"when": "14/03/2025"}, datetime.date(2025, 3, 14)),
        # The boxes win when a page sends both.
        ({"when": "2027-01-05", **typed("6", "1", "2027")}, datetime.date(2027, 1, 6)),
    ],
    ids=["iso", "uk-slashes", "boxes-first"],
)
def test_a_single_value_under_the_plain_name_still_works(data, date):
    form = WhenForm(data)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["when"] == date


def test_a_single_value_that_is_not_a_date_says_so_and_the_boxes_are_shown_empty():
    form = WhenForm({"when": "next tuesday"})
    assert form.errors["when"] == ["The date must be a real date."]
    html = field_html(form)
    assert 'name="when_day"' in html and "value=" not in html


def test_a_single_value_is_shown_in_the_three_boxes():
    html = field_html(WhenForm({"when": "2027-01-05"}))
    assert 'name="when_day" id="id_when_day" value="5"' in html
    assert 'name="when_month" id="id_when_month" value="1"' in html
    assert 'name="when_year" id="id_when_year" value="2027"' in html


def test_a_starting_value_fills_the_boxes():
    html = field_html(WhenForm(initial={"when": datetime.date(2027, 3, 27)}))
    assert 'value="27"' in html and 'value="3"' in html and 'value="2027"' in html


def test_the_boxes_sit_in_a_fieldset_whose_legend_is_the_question():
    html = field_html(MaybeWhenForm())
    fieldset = re.search(r'<fieldset class="fieldset" role="group"([^>]*)>', html)
    assert fieldset and 'aria-describedby="id_when_helptext"' in fieldset.group(1)
    assert re.search(r'<legend class="label">When is it\? <span class="optional">', html)
    assert '<div class="hint" id="id_when_helptext">Only if you know. For example, 27 3 2027.' in (
        html
    )
    for part, label in (("day", "Day"), ("month", "Month"), ("year", "Year")):
        assert f'<label class="date-input-label" for="id_when_{part}">{label}</label>' in html
        box = re.search(rf'<input [^>]*name="when_{part}"[^>]*>', html)
        assert box
        assert 'type="text"' in box.group(0) and 'inputmode="numeric"' in box.group(0)
        # No browser check: ours says what is wrong in plain English.
        assert "required" not in box.group(0)
    assert 'type="date"' not in html


def test_an_error_is_linked_from_the_fieldset_and_the_summary_goes_to_the_day_box():
    form = WhenForm(typed("27", "3", ""))
    html = field_html(form)
    assert 'aria-describedby="id_when_helptext id_when_error"' in html
    assert re.search(r'<p class="error-message" id="id_when_error">.*Enter the year\.', html, re.S)
    summary = render_to_string("frontend/includes/error_summary.html", {"form": form})
    assert '<a href="#id_when_day">Enter the year.</a>' in summary


def test_the_example_can_be_one_that_fits_the_question():
    field = DatePartsField(label="Training date", example="14 3 2025")
    assert field.help_text == "For example, 14 3 2025."


def _site_forms():
    for module in pkgutil.iter_modules(frontend.forms.__path__):
        loaded = importlib.import_module(f"frontend.forms.{module.name}")
        for _, found in inspect.getmembers(loaded, inspect.isclass):
            if issubclass(found, forms.BaseForm) and found.__module__ == loaded.__name__:
                yield found


def test_no_form_of_the_site_asks_for_a_date_with_the_browser_picker():
    checked = 0
    for form_class in _site_forms():
        for name, field in getattr(form_class, "base_fields", {}).items():
            where = f"{form_class.__name__}.{name}"
            assert not isinstance(field.widget, forms.DateInput), where
            if isinstance(field, forms.DateField) or isinstance(field.widget, DatePartsWidget):
                assert isinstance(field, DatePartsField), where
                checked += 1
    assert checked >= 10  # every date field the site has today
    for template in TEMPLATES.rglob("*.html"):
        assert 'type="date"' not in template.read_text(), template


@time_machine.travel(NOW, tick=False)
def test_find_events_takes_typed_dates_and_says_what_is_wrong(client, org):
    event = EventFactory(organisation=org, title="Carers' drop-in", slug="carers-drop-in")
    OccurrenceFactory(
        event=event,
        start=datetime.datetime(2027, 3, 9, 10, tzinfo=UK),
        end=datetime.datetime(2027, 3, 9, 12, tzinfo=UK),
    )
    url = reverse("events")
    that_day = {"date_from_day": "9", "date_from_month": "3", "date_from_year": "2027"}
    assert "Carers' drop-in" in page_text(client.get(url, that_day))
    day_after = {**that_day, "date_from_day": "10"}
    assert "Carers' drop-in" not in page_text(client.get(url, day_after))

    response = client.get(url, {**that_day, "date_from_year": "27"})
    assert response.status_code == 400
    page = response.content.decode()
    assert '<a href="#id_date_from_day">Enter the year as 4 numbers, like 2027.</a>' in page
    assert re.search(r'name="date_from_year"[^>]*aria-invalid="true"', page)
    assert not re.search(r'name="date_from_day"[^>]*aria-invalid="true"', page)
    assert 'type="date"' not in page
