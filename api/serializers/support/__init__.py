"""Serializers for connecting people: the directory, support requests, "My help", the
organisation view and support plans."""
