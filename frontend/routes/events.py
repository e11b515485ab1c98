"""Event pages, under /events/. URL names start with `events_` (the find-events page is
`events`). Fixed words come before <slug>, and every fixed first word is in
events.services.events.RESERVED_SLUGS, so no event's address can clash with a page. The calendar
feeds (/events/<slug>.ics and the others) are in frontend/routes/event_feeds.py, included from
config/urls.py before these pages."""

from django.urls import path

from frontend.views.events import (
    access,
    booking,
    dashboard,
    detail,
    find,
    hosting,
    imports,
    manage,
    register,
    repeats,
    themes,
)

urlpatterns = [
    path("", find.event_list, name="events"),
    path("calendar/", find.event_calendar, name="events_calendar"),
    # A person's own bookings and the links in e-mails.
    path("my-bookings/", booking.my_bookings, name="events_my_bookings"),
    path(
        "my-bookings/<int:booking_id>/cancel/",
        booking.booking_cancel,
        name="events_booking_cancel",
    ),
    path(
        "my-bookings/<int:booking_id>/change/",
        booking.booking_edit,
        name="events_booking_edit",
    ),
    path("waiting/<int:entry_id>/leave/", booking.waiting_leave, name="events_waiting_leave"),
    path("waiting/<int:entry_id>/offer/", booking.offer, name="events_offer"),
    path("my-bookings/reminders/", booking.reminders_choice, name="events_reminders"),
    path("my-calendar/new-link/", booking.feed_new_link, name="events_feed_new_link"),
    path("give-back/<str:token>/", booking.give_back, name="events_give_back"),
    path("reminders/stop/<str:token>/", booking.reminders_stop, name="events_reminders_stop"),
    # The people who host dates.
    path("hosting/", hosting.hosting, name="events_hosting"),
    # Organisers: an organisation's events.
    path("manage/<slug:org_slug>/", dashboard.dashboard, name="events_dashboard"),
    path("manage/<slug:org_slug>/new/", manage.event_create, name="events_create"),
    path("manage/<slug:org_slug>/import/", imports.upload, name="events_import"),
    path(
        "manage/<slug:org_slug>/import/address/",
        imports.from_address,
        name="events_import_address",
    ),
    path(
        "manage/<slug:org_slug>/import/kept-in-step/<int:subscription_id>/stop/",
        imports.stop_keeping_in_step,
        name="events_import_stop",
    ),
    path(
        "manage/<slug:org_slug>/import/<int:job_id>/",
        imports.preview,
        name="events_import_preview",
    ),
    path(
        "manage/<slug:org_slug>/import/<int:job_id>/progress/",
        imports.progress,
        name="events_import_progress",
    ),
    path(
        "manage/<slug:org_slug>/access/",
        access.access_requests,
        name="events_access_requests",
    ),
    path(
        "manage/<slug:org_slug>/access/<int:request_id>/",
        access.access_answer,
        name="events_access_answer",
    ),
    # One event.
    path("<slug:slug>/", detail.event_detail, name="events_detail"),
    path("<slug:slug>/edit/", manage.event_edit, name="events_edit"),
    path("<slug:slug>/cancel/", manage.event_cancel, name="events_cancel"),
    path("<slug:slug>/repeat/", manage.event_series, name="events_series"),
    path("<slug:slug>/repeat/change/", repeats.change_repeats, name="events_series_change"),
    path("<slug:slug>/repeat/skip/", repeats.skip_series_dates, name="events_series_skip"),
    path("<slug:slug>/repeat/end/", repeats.end_repeats, name="events_series_end"),
    path("<slug:slug>/dates/new/", manage.add_date, name="events_add_date"),
    path("<slug:slug>/dates/<int:occurrence_id>/book/", booking.book, name="events_book"),
    path(
        "<slug:slug>/dates/<int:occurrence_id>/move/",
        manage.occurrence_move,
        name="events_occurrence_move",
    ),
    path(
        "<slug:slug>/dates/<int:occurrence_id>/change/",
        manage.occurrence_change,
        name="events_occurrence_change",
    ),
    path(
        "<slug:slug>/dates/<int:occurrence_id>/cancel/",
        manage.occurrence_cancel,
        name="events_occurrence_cancel",
    ),
    path(
        "<slug:slug>/dates/<int:occurrence_id>/theme/",
        themes.occurrence_theme,
        name="events_occurrence_theme",
    ),
    path(
        "<slug:slug>/dates/<int:occurrence_id>/register/",
        register.register,
        name="events_register",
    ),
    path(
        "<slug:slug>/dates/<int:occurrence_id>/note/",
        hosting.occurrence_note,
        name="events_occurrence_note",
    ),
    path(
        "<slug:slug>/dates/<int:occurrence_id>/register/book/",
        register.book_for_someone,
        name="events_book_for_someone",
    ),
    path(
        "<slug:slug>/dates/<int:occurrence_id>/register.csv",
        register.register_download,
        name="events_register_csv",
    ),
    path(
        "<slug:slug>/dates/<int:occurrence_id>/register/walk-in/",
        register.walk_in,
        name="events_walk_in",
    ),
    path(
        "<slug:slug>/dates/<int:occurrence_id>/register/<int:booking_id>/",
        register.mark,
        name="events_mark_attendance",
    ),
]
