"""The form for a group of words search treats as the same. It parses what was typed; what a
group may hold is checked by forums.services.synonyms."""

from django import forms

WORDS_MAX = 1500


class SynonymGroupForm(forms.Form):
    words = forms.CharField(
        label="Words and phrases that mean the same",
        help_text="Separate them with commas. For example: PA, PAs, personal assistant",
        max_length=WORDS_MAX,
        error_messages={
            "required": "Write at least two words or phrases that mean the same.",
            "max_length": f"Write {WORDS_MAX} characters or fewer.",
        },
        widget=forms.Textarea(attrs={"rows": 3, "autocomplete": "off", "spellcheck": "true"}),
    )

    @staticmethod
    def initial_for(group) -> dict[str, str]:
        return {"words": ", ".join(synonym.text for synonym in group.synonyms.all())}
