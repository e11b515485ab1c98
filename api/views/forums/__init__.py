"""The forum API: thin views that parse, call one forums service or selector, and render."""
