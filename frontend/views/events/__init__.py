"""Event pages: finding events, an event and its dates, booking, your bookings, and the
organisers' tools (events, dates, registers, the dashboard, importing). Each view parses, calls
one service or selector from `events`, and renders or redirects."""
