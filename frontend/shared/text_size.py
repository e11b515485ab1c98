"""Which text size and contrast a page is drawn with: a signed-in person's saved setting, or a
visitor's cookie. The page sets classes on <html> on the server, so it never flashes at the
standard size first. A cookie we cannot read counts as the standard setting."""

from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from community.models import Contrast, TextSize
from community.permissions import is_signed_in

COOKIE_NAME = "text_size"
COOKIE_AGE = 365 * 24 * 60 * 60  # a year, renewed each time it is saved


@dataclass(frozen=True)
class TextSetting:
    text_size: str = TextSize.STANDARD
    contrast: str = Contrast.STANDARD

    @property
    def html_classes(self) -> str:
        """The classes on <html> (site.css): none for the standard setting."""
        classes = []
        if self.text_size != TextSize.STANDARD:
            classes.append(f"text-{self.text_size}")
        if self.contrast != Contrast.STANDARD:
            classes.append(f"contrast-{self.contrast}")
        return " ".join(classes)

    @property
    def cookie_value(self) -> str:
        return f"{self.text_size}.{self.contrast}"


def _from_cookie(value: str) -> TextSetting:
    text_size, _, contrast = value.partition(".")
    return TextSetting(
        text_size=text_size if text_size in TextSize.values else TextSize.STANDARD,
        contrast=contrast if contrast in Contrast.values else Contrast.STANDARD,
    )


def text_setting(request: HttpRequest) -> TextSetting:
    person = getattr(request, "user", None)
    if is_signed_in(person):
        # The person is already loaded for the request: no query.
        return TextSetting(text_size=person.text_size, contrast=person.contrast)
    return _from_cookie(request.COOKIES.get(COOKIE_NAME, ""))


def remember_on_this_device(response: HttpResponse, setting: TextSetting) -> None:
    """A visitor's choice lives only here. A member's is kept here too, so that the pages stay
    the same after they log out on this device."""
    response.set_cookie(
        COOKIE_NAME,
        setting.cookie_value,
        max_age=COOKIE_AGE,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
    )
