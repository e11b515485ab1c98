"""What every list of topics needs before it is shown: the names this viewer may see, and a link
straight to the first post they have not read."""

from django.core.paginator import Page

from forums import selectors


def present_page(page: Page, *, viewer) -> Page:
    page.object_list = present_topics(page.object_list, viewer=viewer)
    return page


def present_topics(topics, *, viewer) -> list:
    presented = selectors.present_topics(topics, viewer=viewer)
    for topic in presented:
        topic.open_url = _open_url(topic)
    return presented


def _open_url(topic) -> str:
    """Someone with unread replies lands on the first of them; everyone else at the top."""
    last_read = getattr(topic, "last_read_number", None)
    if last_read is None or last_read >= topic.last_post_number:
        return topic.get_absolute_url()
    return topic.post_url(last_read + 1)
