"""The people someone has blocked. Only they see this list; the blocked person is never told."""

from rest_framework import serializers

from api.serializers.people import PersonNameSerializer


class BlockSerializer(serializers.Serializer):
    person = PersonNameSerializer(source="blocked", read_only=True)
    created = serializers.DateTimeField(read_only=True)


class NewBlockSerializer(serializers.Serializer):
    person_id = serializers.IntegerField(min_value=1)
