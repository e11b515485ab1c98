"""Forum pages, under /forums/."""

from django.urls import path
from django.views.generic import TemplateView

urlpatterns = [
    path("", TemplateView.as_view(template_name="frontend/coming_soon/forums.html"), name="forums"),
]
