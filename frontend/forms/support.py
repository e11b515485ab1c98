"""Forms for connecting people: the directory filter, asking for help, the actions on a request,
what a helper shows in the directory, and staff pausing a helper. They parse input only; every
rule (who may ask whom, which codes are allowed, who may act) lives in community.support."""

from django import forms

from community.areas import AREA_CHOICES
from community.languages import LANGUAGE_CHOICES, language_code
from community.support.models import REQUEST_MAX, SupportRequest, WayToTalk
from community.support.selectors import DirectoryFilters, listing_of
from frontend.forms.choices import SlugChoiceField, area_choices
from frontend.shared.support import match_reasons

CHOOSE_FROM_LIST = "Choose from the list."


def _with_empty(label: str, choices) -> list[tuple[str, str]]:
    return [("", label), *choices]


class DirectoryFilterForm(forms.Form):
    """The filter on "Find an advisor". It is a GET form, so an old link or a typo in a choice is
    ignored rather than shown as an error; only a postcode we cannot place is said out loud."""

    q = forms.CharField(
        label="Search",
        required=False,
        max_length=100,
        help_text="A name, or words like “payroll” or “evenings”.",
    )
    specialism = forms.ChoiceField(label="What you want to ask about", required=False)
    language = forms.ChoiceField(
        label="Language",
        required=False,
        choices=_with_empty("Any language", LANGUAGE_CHOICES),
    )
    area = forms.ChoiceField(
        label="Council area", required=False, choices=area_choices("All areas")
    )
    postcode = forms.CharField(
        label="Near me: your postcode",
        required=False,
        max_length=10,
        help_text="The first part is enough, for example LS6. We do not keep it.",
        widget=forms.TextInput(attrs={"autocomplete": "postal-code", "spellcheck": "false"}),
    )
    way = forms.ChoiceField(
        label="Way to talk",
        required=False,
        choices=_with_empty("Any way", WayToTalk.choices),
    )
    organisation = forms.ChoiceField(label="Organisation", required=False)

    def __init__(self, data=None, *args, themes=(), organisations=(), **kwargs):
        super().__init__(_language_code_for_alias(data), *args, **kwargs)
        self.fields["specialism"].choices = _with_empty(
            "Anything", ((theme.slug, theme.name) for theme in themes)
        )
        self.fields["organisation"].choices = _with_empty(
            "All organisations", ((org.slug, org.name) for org in organisations)
        )
        self.fields["q"].widget.attrs.update({"type": "search", "autocomplete": "off"})

    def filters(self) -> DirectoryFilters:
        self.is_valid()
        # A bad value is dropped from cleaned_data: keep the rest, so one typo does not empty
        # the whole filter.
        chosen = {name: self.cleaned_data.get(name) or "" for name in self.fields}
        return DirectoryFilters(
            q=chosen["q"].strip(),
            specialism=chosen["specialism"],
            language=chosen["language"],
            area=chosen["area"],
            postcode=chosen["postcode"].strip(),
            way=chosen["way"],
            organisation=chosen["organisation"],
        )

    @property
    def filtered(self) -> bool:
        return any(value for value in vars(self.filters()).values())


def _language_code_for_alias(data):
    """People type ?language=bsl (the API and the selector take it too): read it as the code
    we store, so the filter works and the list shows it chosen."""
    language = (data or {}).get("language") or ""
    code = language_code(language)
    if code == language:
        return data
    data = data.copy()
    data["language"] = code
    return data


class AskForHelpForm(forms.Form):
    """A support request. Who it goes to comes from the link the member followed (an advisor,
    or an organisation's team); without one, they choose an organisation."""

    # Where the member came from. Hidden, so a broken value is dropped, never shown as an error.
    advisor = forms.CharField(required=False, widget=forms.HiddenInput)
    topic = forms.CharField(required=False, widget=forms.HiddenInput)
    occurrence = forms.CharField(required=False, widget=forms.HiddenInput)
    organisation = forms.ChoiceField(
        label="Which organisation's team should it go to?",
        required=False,
        help_text="Their trained advisors see it, and one of them answers.",
    )
    specialism = SlugChoiceField(
        label="What is it about?",
        required=False,
        queryset=None,
        empty_label="Something else",
    )
    wants = forms.ChoiceField(
        label="What would you like?",
        choices=SupportRequest.Wants.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what you would like."},
    )
    way_to_talk = forms.ChoiceField(
        label="How would you like to talk?",
        required=False,
        choices=_with_empty("Any way is fine", WayToTalk.choices),
        widget=forms.RadioSelect,
    )
    area = forms.ChoiceField(
        label="Your council area",
        required=False,
        choices=area_choices("I would rather not say"),
        help_text="The council that pays or would pay your personal budget.",
    )
    language = forms.ChoiceField(
        label="Language you would like to use",
        required=False,
        choices=_with_empty("English is fine", LANGUAGE_CHOICES),
    )
    access_needs = forms.CharField(
        label="Anything that would help you take part",
        required=False,
        max_length=500,
        help_text="For example: a BSL interpreter, large print, short sessions, or a quiet place.",
        error_messages={"max_length": "Write 500 characters or fewer."},
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    body = forms.CharField(
        label="Your question",
        max_length=REQUEST_MAX,
        help_text=(
            "Say what you would like help with. The trained advisors in the team can read it "
            "until one of them takes it. After that, only that advisor and the organisation's "
            "staff can read it."
        ),
        error_messages={
            "required": "Write your question.",
            "max_length": f"Write {REQUEST_MAX} characters or fewer.",
        },
        widget=forms.Textarea(attrs={"rows": 8}),
    )

    def __init__(self, *args, themes=None, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["specialism"].queryset = themes
        self.fields["specialism"].to_field_name = "slug"
        self.fields["organisation"].choices = _with_empty(
            "Choose an organisation", ((org.slug, org.name) for org in organisations)
        )
        for name in ("specialism", "way_to_talk", "area", "language", "organisation", "wants"):
            self.fields[name].error_messages["invalid_choice"] = CHOOSE_FROM_LIST

    def sending_to(self, advisor) -> None:
        """Sent to one advisor: nobody else of their team sees it, even if they hand it over."""
        self.fields.pop("organisation", None)  # there is no organisation to choose
        self.fields["body"].help_text = (
            f"Say what you would like help with. Only {advisor.display_name} and the staff of "
            "their organisation can read it. If they hand it to their organisation's staff, "
            "only the staff can read it until they give it to someone."
        )

    def clean_advisor(self) -> int | None:
        return id_or_none(self.cleaned_data["advisor"])

    def clean_topic(self) -> int | None:
        return id_or_none(self.cleaned_data["topic"])

    def clean_occurrence(self) -> int | None:
        return id_or_none(self.cleaned_data["occurrence"])


def id_or_none(value) -> int | None:
    """A row id from a link or hidden field; anything else (empty, a typo, a huge number) is
    no id at all."""
    text = str(value or "").strip()
    # isdigit() alone lets through "²" and other digits int() refuses; ids are plain 0-9.
    if not (text.isascii() and text.isdigit()) or len(text) > 12:
        return None
    return int(text) or None


class HandOverForm(forms.Form):
    reason = forms.ChoiceField(
        label="Why are you handing it over?",
        choices=SupportRequest.HandOver.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose why.", "invalid_choice": CHOOSE_FROM_LIST},
    )
    note = forms.CharField(
        label="A note for the staff",
        max_length=REQUEST_MAX,
        help_text="What they need to know. The member does not see this note.",
        error_messages={
            "required": "Write a note for the staff.",
            "max_length": f"Write {REQUEST_MAX} characters or fewer.",
        },
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "hand-over")
        super().__init__(*args, **kwargs)


class ReassignForm(forms.Form):
    helper = forms.TypedChoiceField(
        label="Who should take it?",
        coerce=int,
        help_text="Best match first.",
        error_messages={
            "required": "Choose who should take it.",
            "invalid_choice": CHOOSE_FROM_LIST,
        },
    )

    def __init__(self, *args, helpers=(), support_request=None, **kwargs):
        """`helpers`: selectors.helpers_for_request for `support_request`, best match first."""
        kwargs.setdefault("prefix", "reassign")
        super().__init__(*args, **kwargs)
        self.helpers = {match.person.pk: match.person for match in helpers}
        self.fields["helper"].choices = _with_empty(
            "Choose someone",
            ((match.person.pk, _helper_label(match.person, support_request)) for match in helpers),
        )

    def chosen_helper(self):
        return self.helpers[self.cleaned_data["helper"]]


def _helper_label(person, support_request) -> str:
    """ "Jo — same topic, uses British Sign Language (BSL)": the words My help shows."""
    reasons = match_reasons(listing_of(person), support_request) if support_request else []
    if not reasons:
        return person.display_name
    return f"{person.display_name} — {', '.join(reasons)}"


class DidItHelpForm(forms.Form):
    helped = forms.TypedChoiceField(
        label="Did this help?",
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda answer: answer == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose yes or no.", "invalid_choice": "Choose yes or no."},
    )
    note = forms.CharField(
        label="Anything you would like to add",
        required=False,
        max_length=500,
        error_messages={"max_length": "Write 500 characters or fewer."},
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "did-it-help")
        super().__init__(*args, **kwargs)


class ListingForm(forms.Form):
    """What a helper shows in the directory. Training comes from their organisations, not here."""

    listed = forms.BooleanField(label="Show me in the directory", required=False)
    specialisms = forms.ModelMultipleChoiceField(
        label="What people can ask me about",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Choose all that apply.",
    )
    languages = forms.MultipleChoiceField(
        label="Languages I use",
        choices=LANGUAGE_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Choose all that apply.",
    )
    areas = forms.MultipleChoiceField(
        label="Council areas I cover",
        choices=AREA_CHOICES,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 12}),
        help_text=(
            "Hold Ctrl (or Command on a Mac) to choose more than one. "
            "Choose none if you help people anywhere, for example by chat."
        ),
    )
    ways_to_talk = forms.MultipleChoiceField(
        label="Ways people can talk to me",
        choices=WayToTalk.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    availability = forms.CharField(
        label="When I am usually around",
        required=False,
        max_length=200,
        help_text="For example: weekday evenings, or Tuesday mornings at the drop-in.",
        error_messages={"max_length": "Write 200 characters or fewer."},
    )

    def __init__(self, *args, themes=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["specialisms"].queryset = themes
        for name in ("specialisms", "languages", "areas", "ways_to_talk"):
            self.fields[name].error_messages["invalid_choice"] = CHOOSE_FROM_LIST
            self.fields[name].error_messages["invalid_pk_value"] = CHOOSE_FROM_LIST

    @classmethod
    def initial_for(cls, listing) -> dict:
        return {
            "listed": listing.listed,
            "specialisms": list(listing.specialisms.all()),
            "languages": listing.languages,
            "areas": listing.areas,
            "ways_to_talk": listing.ways_to_talk,
            "availability": listing.availability,
        }


class PauseHelperForm(forms.Form):
    """Staff pause (or resume) one of their helpers."""

    action = forms.ChoiceField(
        choices=[("pause", "Pause"), ("resume", "Resume")], widget=forms.HiddenInput
    )
    reason = forms.CharField(
        label="Why",
        required=False,
        max_length=300,
        help_text="They see this. For example: on a break until March.",
        error_messages={"max_length": "Write 300 characters or fewer."},
    )

    def __init__(self, *args, person_id=None, **kwargs):
        kwargs.setdefault("prefix", f"pause-{person_id}" if person_id else "pause")
        super().__init__(*args, **kwargs)
