"""Serializers for the chat API: rooms, messages, the private-talk queue and blocks."""
