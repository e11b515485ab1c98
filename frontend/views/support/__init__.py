"""Pages for connecting people: the directory, asking for help, requests, My help and the
organisation's view of its helpers."""
