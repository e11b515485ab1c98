from django.apps import AppConfig


class SafetyConfig(AppConfig):
    name = "community.safety"
    label = "safety"
    verbose_name = "Safety"
