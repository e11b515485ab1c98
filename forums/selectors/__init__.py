"""Reading the forums, always as someone: every selector takes the viewer and never returns what
they may not see (members-only categories, deleted topics, anonymous authors' names)."""

from forums.selectors.authors import ANONYMOUS_NAME, display_author, present_topics, shown_author
from forums.selectors.categories import categories_for, category_for
from forums.selectors.people import draft_for, watch_level_for
from forums.selectors.posts import (
    PagePlace,
    TopicPage,
    first_unread_post_number,
    opening_and_answer,
    page_of_post,
    page_place,
    post_for,
    post_history,
    posts_for,
    present_posts,
    topic_page,
)
from forums.selectors.topics import LISTINGS, topic_for, topics_for, visible_topics
from forums.selectors.waiting import waiting_for_advisor

__all__ = [
    "ANONYMOUS_NAME",
    "LISTINGS",
    "PagePlace",
    "TopicPage",
    "categories_for",
    "category_for",
    "display_author",
    "draft_for",
    "first_unread_post_number",
    "opening_and_answer",
    "page_of_post",
    "page_place",
    "post_for",
    "post_history",
    "posts_for",
    "present_posts",
    "present_topics",
    "shown_author",
    "topic_for",
    "topic_page",
    "topics_for",
    "visible_topics",
    "waiting_for_advisor",
    "watch_level_for",
]
