"""Forum categories, topics, posts and what people do with them (reactions, watching, reading)."""

from .categories import Category
from .people import Draft, Reaction, TopicReadState, Watch
from .posts import Post, PostRevision
from .topics import Topic

__all__ = [
    "Category",
    "Draft",
    "Post",
    "PostRevision",
    "Reaction",
    "Topic",
    "TopicReadState",
    "Watch",
]
