"""API routes for events, included under /api/v1/."""

urlpatterns: list = []
