"""One word for one thing in what people read: "e-mail" (never "email" or "Email") and "theme"
for the choice of what something is about (never "part of the forums", "category" or "topic",
which on this site means a forum conversation). Code, URLs and template variables are not copy."""

import html
import importlib
import pathlib
import pkgutil
import re

import pytest
from django import forms
from django.forms.utils import pretty_name

import frontend.forms

ROOT = pathlib.Path(__file__).resolve().parents[2]
TEMPLATE_DIRS = [path for path in ROOT.glob("**/templates") if ".venv" not in path.parts]
EMAIL_WORD = re.compile(r"(?<![\w.@/-])emails?(?![\w.@-])", re.IGNORECASE)
FORUM_CHOICE = re.compile(r"\bparts? of the forums?\b|\bcategor(y|ies)\b", re.IGNORECASE)


def visible_copy(source: str) -> str:
    """What a template shows: no comments, tags, variables or HTML tags with their attributes."""
    text = re.sub(r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}", " ", source, flags=re.DOTALL)
    text = re.sub(r"{#.*?#}|{%.*?%}|{{.*?}}", " ", text, flags=re.DOTALL)
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", text, flags=re.DOTALL | re.IGNORECASE)
    text = re.sub(r"<[^>]*>", " ", text)
    return html.unescape(text)


def templates():
    for directory in TEMPLATE_DIRS:
        for path in sorted(directory.rglob("*")):
            if path.suffix in {".html", ".txt"}:
                yield path


def form_classes():
    for module_info in pkgutil.iter_modules(frontend.forms.__path__):
        module = importlib.import_module(f"frontend.forms.{module_info.name}")
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, forms.BaseForm)
                and value.__module__ == module.__name__
            ):
                yield value


def fields_of(form_class) -> dict:
    """The fields as a page shows them: some forms (the account ones) set their words on
    creation, so make one where that needs nothing else; otherwise read the class."""
    for arguments in ({}, {"user": None}):
        try:
            return form_class(**arguments).fields
        except Exception:  # noqa: BLE001, S112 - a form that needs more than nothing
            continue
    return form_class.base_fields


def form_copy(form_class) -> list[str]:
    copy = []
    for name, field in fields_of(form_class).items():
        copy.append(str(field.label) if field.label is not None else pretty_name(name))
        copy.append(str(field.help_text or ""))
        copy.extend(str(message) for message in field.error_messages.values())
        if getattr(field, "empty_label", None):
            copy.append(str(field.empty_label))
        # A model choice field's choices are rows (people's words), not our copy.
        fixed = isinstance(field, forms.ChoiceField) and not hasattr(field, "queryset")
        for choice in field.choices if fixed else ():
            if isinstance(choice, tuple) and len(choice) == 2 and isinstance(choice[1], str):
                copy.append(choice[1])
    return copy


def test_the_checks_find_the_words_they_look_for():
    assert EMAIL_WORD.search(visible_copy("<p>Your Email address</p>"))
    assert EMAIL_WORD.search("emails")
    assert not EMAIL_WORD.search(visible_copy('<p class="email-address">Your e-mail</p>'))
    assert not EMAIL_WORD.search(visible_copy("{{ user.email }} {% url 'account_email' %}"))
    assert not EMAIL_WORD.search("someone@email.example")
    assert FORUM_CHOICE.search("Which part of the forums is it about?")


def test_no_template_says_email_in_what_people_read():
    found = [
        f"{path.relative_to(ROOT)}: {match.group(0)!r}"
        for path in templates()
        for match in EMAIL_WORD.finditer(visible_copy(path.read_text(encoding="utf-8")))
    ]
    assert found == []


def test_no_form_says_email_in_its_labels_hints_choices_or_errors(db):
    found = [
        f"{form_class.__module__}.{form_class.__name__}: {text!r}"
        for form_class in form_classes()
        for text in form_copy(form_class)
        if EMAIL_WORD.search(text)
    ]
    assert found == []


def test_no_template_or_form_names_the_forum_choice_anything_but_a_theme(db):
    found = [
        f"{path.relative_to(ROOT)}: {match.group(0)!r}"
        for path in templates()
        for match in FORUM_CHOICE.finditer(visible_copy(path.read_text(encoding="utf-8")))
    ]
    found += [
        f"{form_class.__name__}: {text!r}"
        for form_class in form_classes()
        for text in form_copy(form_class)
        if FORUM_CHOICE.search(text)
    ]
    assert found == []


@pytest.mark.parametrize(
    ("module", "form", "field", "label"),
    [
        ("forums", "TopicForm", "category", "Which theme is it about?"),
        ("forums", "SearchForm", "category", "Theme"),
        ("forums", "ThemeFilterForm", "theme", "Theme"),
        ("events", "EventFilterForm", "theme", "Theme"),
        ("events", "EventForm", "themes", "Themes"),
        ("chat", "CommunityRoomForm", "theme", "Theme"),
    ],
)
def test_every_choice_of_what_something_is_about_is_called_a_theme(module, form, field, label):
    form_class = getattr(importlib.import_module(f"frontend.forms.{module}"), form)
    assert form_class.base_fields[field].label == label
