"""Forum pages, under /forums/. Topic and post addresses match Topic.get_absolute_url and
Post.get_absolute_url (/forums/t/<id>/<slug>/, ?page=N#post-<number>)."""

from django.urls import path

from frontend.views.forums import (
    answering,
    categories,
    councils,
    finding,
    synonyms,
    topics,
    writing,
)

urlpatterns = [
    path("", categories.category_index, name="forums"),
    path("search/", finding.search, name="forums_search"),
    path("search/synonyms/", synonyms.synonyms, name="forums_synonyms"),
    path("search/synonyms/<int:group_id>/", synonyms.synonym_change, name="forums_synonym_change"),
    path(
        "search/synonyms/<int:group_id>/remove/",
        synonyms.synonym_remove,
        name="forums_synonym_remove",
    ),
    path("waiting/", finding.waiting, name="forums_waiting"),
    path("councils/", councils.council_decisions, name="forums_councils"),
    path("new/", writing.new_topic, name="forums_new_topic"),
    path("c/<slug:slug>/", categories.category_topics, name="forums_category"),
    path("c/<slug:slug>/watch/", topics.category_watch, name="forums_category_watch"),
    path("t/<int:topic_id>/", topics.topic_short, name="forums_topic_short"),
    # Not under t/<id>/: a topic's slug could be "reply" or "watch".
    path("topics/<int:topic_id>/reply/", writing.reply, name="forums_reply"),
    path("topics/<int:topic_id>/watch/", topics.topic_watch, name="forums_topic_watch"),
    path(
        "topics/<int:topic_id>/council-decision/",
        councils.council_decision,
        name="forums_council_decision",
    ),
    path(
        "topics/<int:topic_id>/answering/",
        answering.topic_answering,
        name="forums_topic_answering",
    ),
    path("t/<int:topic_id>/<str:slug>/", topics.topic_detail, name="forums_topic"),
    path("p/<int:post_id>/", topics.post_permalink, name="forums_post"),
    path("p/<int:post_id>/edit/", writing.edit, name="forums_post_edit"),
    path("p/<int:post_id>/history/", writing.history, name="forums_post_history"),
    path("p/<int:post_id>/remove/", writing.remove, name="forums_post_delete"),
    path("p/<int:post_id>/helped/", topics.post_helped, name="forums_post_helped"),
    path("p/<int:post_id>/answer/", topics.post_answer, name="forums_post_answer"),
]
