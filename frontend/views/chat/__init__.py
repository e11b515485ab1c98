"""Chat pages: your rooms and conversations, a room (drop-in, community or private), the
private-talk queue, blocking. Each view parses, calls one community.chat (or safety) service or
selector, and renders or redirects; every page works without JavaScript, and chat.js makes the
room live on top."""
