"""The admin site for site admins: every model listed with useful columns, search and filters."""

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import UserChangeForm, UserCreationForm
from django.core.exceptions import ValidationError
from django.db import models

from community.errors import CommunityError
from community.models import (
    AuditLogEntry,
    Membership,
    Notification,
    NotificationPreference,
    Organisation,
    Profile,
    ScheduledRun,
    Theme,
    User,
)
from community.services.memberships import roles_changed
from community.services.profiles import clean_display_name as display_name_rules


class ProfileInline(admin.StackedInline):
    model = Profile
    can_delete = False
    readonly_fields = ["bio_html"]


class MembershipInline(admin.TabularInline):
    model = Membership
    fk_name = "person"
    extra = 0
    autocomplete_fields = ["organisation"]
    readonly_fields = ["granted_by", "granted_at", "revoked_by", "revoked_at"]


def _checked_display_name(form: forms.ModelForm) -> str:
    """Display names typed in the admin follow the same rules as everywhere else: a site admin
    cannot give someone "NHS Advisor Sue" by accident."""
    person = form.instance if form.instance.pk else None
    try:
        return display_name_rules(form.cleaned_data.get("display_name", ""), person=person)
    except CommunityError as error:
        raise ValidationError(error.message, code=error.code) from error


class PersonChangeForm(UserChangeForm):
    def clean_display_name(self) -> str:
        return _checked_display_name(self)


class PersonCreationForm(UserCreationForm):
    def clean_display_name(self) -> str:
        return _checked_display_name(self)


@admin.register(User)
class PersonAdmin(UserAdmin):
    form = PersonChangeForm
    add_form = PersonCreationForm
    ordering = ["display_name"]
    list_display = ["display_name", "email", "is_active", "is_moderator", "is_staff", "date_joined"]
    list_filter = ["is_active", "is_moderator", "is_staff", "is_superuser", "profile__i_am"]
    search_fields = ["display_name", "email", "real_name"]
    inlines = [ProfileInline, MembershipInline]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Names", {"fields": ["display_name", "real_name"]}),
        (
            "Roles on this site",
            {"fields": ["is_active", "is_moderator", "is_staff", "is_superuser", "groups"]},
        ),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
        # Suspending and banning happen in the site's moderation pages, which need a reason,
        # tell the person and write the audit log; here they are only shown.
        ("Suspended or banned", {"fields": ["suspended_until", "banned", "bar_reason"]}),
    ]
    readonly_fields = ["suspended_until", "banned", "bar_reason"]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "display_name", "password1", "password2"]})
    ]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    # People type "www.example.org"; it should become https://, as on our own pages.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["name", "kind", "area", "verified", "created"]
    list_filter = ["kind", "verified", "area"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["description_html"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if "verified" in form.changed_data:  # its people's roles now count, or stop counting
            roles_changed(list(obj.memberships.values_list("person_id", flat=True)))


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["person", "organisation", "role", "trained_on", "active", "granted_at"]
    list_filter = ["role", "active", "organisation"]
    search_fields = ["person__display_name", "person__email", "organisation__name"]
    autocomplete_fields = ["person", "organisation", "granted_by", "revoked_by"]
    list_select_related = ["person", "organisation"]
    date_hierarchy = "granted_at"

    # Roles are granted and revoked through the pages, which tell the pages' caches; a change
    # made here must too.
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        roles_changed([obj.person_id])

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        roles_changed([obj.person_id])

    def delete_queryset(self, request, queryset):
        person_ids = list(queryset.values_list("person_id", flat=True))
        super().delete_queryset(request, queryset)
        roles_changed(person_ids)


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["recipient", "kind", "message", "created", "read_at", "emailed_at"]
    list_filter = ["kind", ("read_at", admin.EmptyFieldListFilter)]
    search_fields = ["recipient__display_name", "recipient__email", "message"]
    list_select_related = ["recipient"]
    autocomplete_fields = ["recipient"]


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ["person", "kind", "delivery"]
    list_filter = ["kind", "delivery"]
    search_fields = ["person__display_name", "person__email"]
    autocomplete_fields = ["person"]


@admin.register(AuditLogEntry)
class AuditLogEntryAdmin(admin.ModelAdmin):
    list_display = ["created", "action", "actor", "organisation", "subject_type", "subject_id"]
    list_filter = ["action", "organisation"]
    search_fields = ["action", "actor__display_name"]
    list_select_related = ["actor", "organisation"]
    date_hierarchy = "created"

    # The record of who did what is only read here, by everyone, superusers included: an entry
    # that could be changed or deleted would prove nothing. (No delete permission also takes
    # away "Delete selected".)
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(ScheduledRun)
class ScheduledRunAdmin(admin.ModelAdmin):
    list_display = ["job", "slot", "enqueued_at"]
    list_filter = ["job"]
    search_fields = ["job"]
