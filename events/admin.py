from django.contrib import admin
from django.db import models

from events.models import (
    Booking,
    CalendarFeedToken,
    Event,
    ImportJob,
    Occurrence,
    ReminderPreference,
    Series,
    WaitingListEntry,
)


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["title", "organisation", "kind", "format", "status"]
    list_filter = ["status", "kind", "format"]
    search_fields = ["title", "slug"]
    raw_id_fields = ["organisation", "hosts", "created_by"]
    readonly_fields = ["description_html", "sequence"]


@admin.register(Series)
class SeriesAdmin(admin.ModelAdmin):
    list_display = ["event", "rule", "start_date", "start_time", "filled_until"]
    raw_id_fields = ["event"]


@admin.register(Occurrence)
class OccurrenceAdmin(admin.ModelAdmin):
    list_display = ["event", "start", "capacity", "status"]
    list_filter = ["status"]
    raw_id_fields = ["event", "series", "host"]
    date_hierarchy = "start"


@admin.register(Booking)
class BookingAdmin(admin.ModelAdmin):
    list_display = ["occurrence", "person", "companions", "status", "attended", "walk_in"]
    list_filter = ["status", "walk_in"]
    raw_id_fields = ["occurrence", "person"]
    exclude = ["give_back_token"]


@admin.register(WaitingListEntry)
class WaitingListEntryAdmin(admin.ModelAdmin):
    list_display = ["occurrence", "person", "position", "status"]
    raw_id_fields = ["occurrence", "person"]


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = ["organisation", "filename", "status", "done", "total", "created"]
    exclude = ["source"]


admin.site.register(CalendarFeedToken, list_display=["person", "created"], exclude=["token"])
admin.site.register(ReminderPreference, list_display=["person", "send_reminders"])
