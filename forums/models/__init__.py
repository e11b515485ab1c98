"""Forum categories, topics, posts and what people do with them (reactions, watching, reading)."""

from .advisors import AnswerClaim, RaisedQuestion
from .categories import Category
from .councils import CouncilDecision
from .people import Draft, Reaction, TopicReadState, Watch
from .posts import Post, PostRevision
from .synonyms import Synonym, SynonymGroup
from .topics import Topic
from .visits import CategoryVisit

__all__ = [
    "AnswerClaim",
    "Category",
    "CategoryVisit",
    "CouncilDecision",
    "Draft",
    "Post",
    "PostRevision",
    "RaisedQuestion",
    "Reaction",
    "Synonym",
    "SynonymGroup",
    "Topic",
    "TopicReadState",
    "Watch",
]
