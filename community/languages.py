"""Languages people can say they use, British Sign Language among them. Codes are stable."""

LANGUAGE_CHOICES: list[tuple[str, str]] = [
    ("en", "English"),
    ("bfi", "British Sign Language (BSL)"),
    ("cy", "Welsh"),
    ("ar", "Arabic"),
    ("bn", "Bengali"),
    ("yue", "Cantonese"),
    ("zh", "Mandarin Chinese"),
    ("fr", "French"),
    ("gu", "Gujarati"),
    ("hi", "Hindi"),
    ("it", "Italian"),
    ("lt", "Lithuanian"),
    ("pl", "Polish"),
    ("pt", "Portuguese"),
    ("pa", "Punjabi"),
    ("ro", "Romanian"),
    ("rom", "Romani"),
    ("so", "Somali"),
    ("es", "Spanish"),
    ("ta", "Tamil"),
    ("tr", "Turkish"),
    ("ur", "Urdu"),
]
LANGUAGE_NAMES: dict[str, str] = dict(LANGUAGE_CHOICES)

# What people type for British Sign Language; the stored code is the ISO 639-3 one.
LANGUAGE_ALIASES = {"bsl": "bfi"}


def language_code(text: str) -> str:
    """The code for a language as people type it: "BSL" (any case, any spaces) is "bfi"; other
    text comes back stripped, for the caller to check against LANGUAGE_CHOICES."""
    text = text.strip()
    return LANGUAGE_ALIASES.get(text.lower(), text)
