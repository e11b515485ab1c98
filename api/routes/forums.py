"""API routes for forums, included under /api/v1/."""

from django.urls import path

from api.views.forums import answering, categories, councils, drafts, posts, search, topics, waiting

urlpatterns = [
    path("forums/categories/", categories.CategoryList.as_view(), name="forum-category-list"),
    path(
        "forums/categories/<slug:slug>/",
        categories.CategoryDetail.as_view(),
        name="forum-category-detail",
    ),
    path(
        "forums/categories/<slug:slug>/watch/",
        categories.CategoryWatch.as_view(),
        name="forum-category-watch",
    ),
    path("forums/topics/", topics.TopicList.as_view(), name="forum-topic-list"),
    path("forums/topics/<int:pk>/", topics.TopicDetail.as_view(), name="forum-topic-detail"),
    path("forums/topics/<int:pk>/posts/", posts.TopicPosts.as_view(), name="forum-topic-posts"),
    path("forums/topics/<int:pk>/watch/", topics.TopicWatch.as_view(), name="forum-topic-watch"),
    path("forums/topics/<int:pk>/read/", topics.TopicRead.as_view(), name="forum-topic-read"),
    path("forums/topics/<int:pk>/answer/", topics.TopicAnswer.as_view(), name="forum-topic-answer"),
    path(
        "forums/topics/<int:pk>/answering/",
        answering.TopicAnswering.as_view(),
        name="forum-topic-answering",
    ),
    path("forums/topics/<int:pk>/draft/", drafts.ReplyDraft.as_view(), name="forum-reply-draft"),
    path(
        "forums/topics/<int:pk>/council-decision/",
        councils.TopicCouncilDecision.as_view(),
        name="forum-topic-council-decision",
    ),
    path("forums/posts/<int:pk>/", posts.PostDetail.as_view(), name="forum-post-detail"),
    path("forums/posts/<int:pk>/history/", posts.PostHistory.as_view(), name="forum-post-history"),
    path("forums/posts/<int:pk>/helped/", posts.PostHelped.as_view(), name="forum-post-helped"),
    path("forums/posts/<int:pk>/accept/", posts.PostAccept.as_view(), name="forum-post-accept"),
    path("forums/drafts/new-topic/", drafts.NewTopicDraft.as_view(), name="forum-new-topic-draft"),
    path(
        "forums/council-decisions/",
        councils.CouncilDecisionList.as_view(),
        name="forum-council-decision-list",
    ),
    path("forums/search/", search.ForumSearch.as_view(), name="forum-search"),
    path("forums/similar/", search.SimilarTopics.as_view(), name="forum-similar"),
    path(
        "forums/waiting-for-advisor/",
        waiting.WaitingForAdvisor.as_view(),
        name="forum-waiting-for-advisor",
    ),
]
