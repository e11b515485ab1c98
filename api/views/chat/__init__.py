"""The chat API: rooms, messages, the private-talk queue, private conversations and blocks."""
