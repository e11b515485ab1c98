"""Forms for the forum pages. They parse what was typed; every rule (lengths, who may post where,
what counts as a duplicate) lives in forums.services and comes back as a ForumError."""

from django import forms

from forums.errors import ForumError
from forums.models import Topic
from forums.services import validation
from frontend.forms.choices import SlugChoiceField
from frontend.forms.writing import WritingBox, writing_hint

BODY_HINT = writing_hint("To mention someone, write @ and their display name.")
TITLE_MAX = validation.TITLE_MAX
BODY_MAX = validation.BODY_MAX


def _checked(rule, value: str) -> str:
    """The domain's own check on typed text, so every problem shows at once, not one a round.
    The services check again when they write."""
    try:
        rule(value)
    except ForumError as error:
        raise forms.ValidationError(error.message, code=error.code) from error
    return value


def _body_field(label: str, required_message: str) -> forms.CharField:
    # No max_length here: a text that is too long gets the service's own message (clean_body),
    # as it does in the API; the browser is only told the limit.
    return forms.CharField(
        label=label,
        help_text=BODY_HINT,
        error_messages={"required": required_message},
        widget=WritingBox(attrs={"rows": 10, "maxlength": BODY_MAX}),
        # Keep what was typed exactly, spaces and all, when the form comes back.
        strip=False,
    )


class TopicTitleForm(forms.Form):
    """The first step of a new topic: the title (and where), so we can suggest answers first."""

    title = forms.CharField(
        label="Your question or topic in one sentence",
        max_length=TITLE_MAX,
        help_text='For example, "Can I pay my daughter to be my PA?"',
        error_messages={
            "required": "Enter your question or topic in one sentence.",
            "max_length": f"Write {TITLE_MAX} characters or fewer.",
        },
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    category = SlugChoiceField(
        label="Which theme is it about?",
        queryset=None,
        empty_label="Choose a theme",
        error_messages={
            "required": "Choose which theme it is about.",
            "invalid_choice": "Choose from the list.",
        },
    )

    def __init__(self, *args, categories=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = categories
        self.fields["category"].to_field_name = "slug"

    def clean_title(self):
        return _checked(validation.clean_title, self.cleaned_data["title"])


class TopicForm(TopicTitleForm):
    """The whole new topic."""

    kind = forms.ChoiceField(
        label="Is it a question or a discussion?",
        choices=[
            (Topic.Kind.QUESTION, "A question: I would like an answer"),
            (Topic.Kind.DISCUSSION, "A discussion: I want to share or talk something over"),
        ],
        initial=Topic.Kind.QUESTION,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose a question or a discussion.",
            "invalid_choice": "Choose a question or a discussion.",
        },
    )
    body = _body_field("Say more", "Write a little more about your question or topic.")
    wants_advisor = forms.BooleanField(
        label="Ask for an advisor's answer",
        required=False,
        help_text=(
            "A trained peer advisor will see your question in their list and try to answer it. "
            "Other members can still answer too."
        ),
    )
    anonymous = forms.BooleanField(
        label="Post without my name",
        required=False,
        help_text=(
            'Other members will see "A member" instead of your display name. Moderators, who '
            "keep the forums safe, can still see who wrote it."
        ),
    )

    field_order = ["title", "category", "kind", "body", "wants_advisor", "anonymous"]

    def clean_body(self):
        return _checked(validation.clean_body, self.cleaned_data["body"])

    @classmethod
    def initial_from_draft(cls, draft) -> dict:
        options = draft.options or {}
        return {
            "title": draft.title,
            "category": draft.category.slug if draft.category_id else None,
            "body": draft.body,
            "kind": options.get("kind", Topic.Kind.QUESTION),
            "wants_advisor": bool(options.get("wants_advisor")),
            "anonymous": bool(options.get("anonymous")),
        }

    def raw_values(self) -> dict:
        """What was typed, valid or not, for keeping as a draft."""
        data = self.data
        slug = data.get("category", "")
        return {
            "title": data.get("title", "")[:TITLE_MAX],
            # A NUL names no category, and PostgreSQL will not even look one up.
            "category_slug": "" if "\x00" in slug else slug,
            "body": data.get("body", "")[:BODY_MAX],
            "options": {
                "kind": data.get("kind", Topic.Kind.QUESTION),
                "wants_advisor": bool(data.get("wants_advisor")),
                "anonymous": bool(data.get("anonymous")),
            },
        }


class ReplyForm(forms.Form):
    body = _body_field("Your reply", "Write your reply.")

    def clean_body(self):
        return _checked(validation.clean_body, self.cleaned_data["body"])

    def raw_body(self) -> str:
        return self.data.get("body", "")[:BODY_MAX]


class EditPostForm(forms.Form):
    """Editing a post; the title only appears when the post opens its topic."""

    title = forms.CharField(
        label="Title",
        max_length=TITLE_MAX,
        error_messages={
            "required": "Enter a title.",
            "max_length": f"Write {TITLE_MAX} characters or fewer.",
        },
    )
    body = _body_field("Your post", "Write something, or remove the post instead.")

    def __init__(self, *args, with_title: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_title:
            del self.fields["title"]

    def clean_title(self):
        return _checked(validation.clean_title, self.cleaned_data["title"])

    def clean_body(self):
        return _checked(validation.clean_body, self.cleaned_data["body"])


class SearchForm(forms.Form):
    q = forms.CharField(label="Search for", max_length=200, required=False)
    category = forms.ChoiceField(label="Theme", required=False)
    answered = forms.BooleanField(label="Only questions with an accepted answer", required=False)

    def __init__(self, *args, categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [
            ("", "All themes"),
            *((category.slug, category.name) for category in categories),
        ]
        self.fields["q"].widget.attrs.update({"type": "search", "autocomplete": "off"})

    def query(self) -> dict:
        """The search to run: an unknown category (an old link, a typo) searches everywhere."""
        self.is_valid()
        return {
            "text": self.cleaned_data.get("q", "").strip(),
            "category_slug": self.cleaned_data.get("category", ""),
            "answered_only": bool(self.cleaned_data.get("answered")),
        }


class ThemeFilterForm(forms.Form):
    theme = forms.ChoiceField(label="Theme", required=False)

    def __init__(self, *args, themes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].choices = [
            ("", "All themes"),
            *((theme.slug, theme.name) for theme in themes),
        ]

    def chosen_theme(self) -> str:
        self.is_valid()
        return self.cleaned_data.get("theme", "")
