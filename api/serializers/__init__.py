"""Serializers shape data in and out of the API; rules live in the community services."""
