"""The forums in the admin site: categories to arrange, topics and posts to look up.

Posts are changed through the site (so revisions and the audit log are kept), not here."""

from django.contrib import admin

from forums.models import Category, Post, PostRevision, Topic


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "theme", "members_only", "position"]
    list_editable = ["members_only", "position"]
    list_filter = ["members_only", "theme"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "category",
        "kind",
        "author",
        "anonymous",
        "is_answered",
        "reply_count",
        "last_activity",
        "deleted",
    ]
    list_filter = ["category", "kind", "is_answered", "wants_advisor", "anonymous", "deleted"]
    search_fields = ["title", "author__display_name"]
    list_select_related = ["category", "author"]
    raw_id_fields = ["author", "accepted_answer"]
    readonly_fields = ["reply_count", "last_post_number", "created", "last_activity"]


class PostRevisionInline(admin.TabularInline):
    model = PostRevision
    extra = 0
    can_delete = False
    fields = ["created", "editor", "body"]
    readonly_fields = fields


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ["__str__", "topic", "author", "created", "edited_at", "deleted_at"]
    list_filter = ["deleted_at", "topic__category"]
    search_fields = ["body", "topic__title", "author__display_name"]
    list_select_related = ["topic", "author"]
    raw_id_fields = ["topic", "author", "deleted_by"]
    readonly_fields = ["number", "body_html", "helped_count", "created", "edited_at"]
    inlines = [PostRevisionInline]
