"""The text boxes for formatted writing: a one-line hint that plain text is fine, and the
request for the writing toolbar (drawn by writing.js; the sentence about its buttons stays
hidden until then, so a page without JavaScript never mentions buttons it does not have)."""

import pytest

from frontend.forms.chat import CommunityRoomForm, EditMessageForm, MessageForm
from frontend.forms.events import EventForm
from frontend.forms.forums import EditPostForm, ReplyForm, TopicForm
from frontend.forms.organisations import OrganisationForm
from frontend.forms.plans import CommentForm, SectionForm
from frontend.forms.profiles import ProfileForm
from frontend.forms.writing import WRITING_HINT, WritingBox
from tests.forums.fixtures import asker, category, question  # noqa: F401
from tests.frontend.conftest import page_text

BUTTONS_SENTENCE = "You can use the buttons to make text bold, a list or a link."

FORMATTED_BOXES = [
    (TopicForm, "body"),
    (ReplyForm, "body"),
    (EditPostForm, "body"),
    (MessageForm, "body"),
    (EditMessageForm, "body"),
    (ProfileForm, "bio"),
    (OrganisationForm, "description"),
    (EventForm, "description"),
    (SectionForm, "body"),
    (CommentForm, "body"),
]


def test_the_reply_form_says_plain_text_is_fine_in_one_line(member_client, question):  # noqa: F811
    response = member_client.get(question.get_absolute_url())
    page = response.content.decode()
    text = page_text(response)
    assert "Plain text is fine." in text
    assert "two stars" not in text and "**" not in text
    assert (
        f"Plain text is fine.<span data-writing-buttons-hint hidden> {BUTTONS_SENTENCE}</span>"
        in page
    )


def test_the_reply_box_asks_for_the_toolbar_and_the_page_loads_it(member_client, question):  # noqa: F811
    page = member_client.get(question.get_absolute_url()).content.decode()
    assert "data-writing-toolbar" in page
    assert "/static/js/writing.js" in page


def test_visitors_get_no_toolbar_script(client, question):  # noqa: F811
    assert "js/writing.js" not in client.get(question.get_absolute_url()).content.decode()


@pytest.mark.parametrize(("form", "field"), FORMATTED_BOXES)
def test_every_formatted_text_box_gets_the_toolbar(form, field):
    assert isinstance(form.base_fields[field].widget, WritingBox)


@pytest.mark.parametrize(("form", "field"), FORMATTED_BOXES)
def test_every_formatted_text_box_starts_its_hint_with_plain_text_is_fine(form, field):
    help_text = form.base_fields[field].help_text
    if form is EventForm:
        # The event form is given its hint by the view (frontend/views/events/manage.py).
        assert help_text == ""
        return
    assert help_text.startswith(WRITING_HINT)
    assert "stars" not in help_text


def test_a_plain_text_box_gets_no_toolbar():
    assert not isinstance(CommunityRoomForm.base_fields["description"].widget, WritingBox)
