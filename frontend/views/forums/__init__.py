"""The forum pages. Each view parses the request, calls one forums selector or service, and
renders or redirects; who may see or do what is decided in forums.permissions and the services."""
