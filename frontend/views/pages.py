"""Pages with no data of their own: the home page and "Get help now"."""

from django.shortcuts import render


def home(request):
    return render(request, "frontend/home.html")


def get_help(request):
    return render(request, "frontend/get_help.html")
