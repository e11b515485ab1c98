"""Thin views: parse the request, call one community service or selector, render the result."""
