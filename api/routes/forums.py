"""API routes for forums, included under /api/v1/."""

urlpatterns: list = []
