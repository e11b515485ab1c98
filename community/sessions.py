"""Sessions kept in the database, as Django's own store keeps them, read with a prepared query
(community.prepared_queries): every page a signed-in person opens reads their session, and
Django spent longer making that query than the database spent answering it."""

import datetime

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone

from community.prepared_queries import PreparedQuery


def _unexpired(session_key: str, now: datetime.datetime):
    return Session.objects.filter(session_key=session_key, expire_date__gt=now)


_UNEXPIRED = PreparedQuery(_unexpired)


class SessionStore(DatabaseSessionStore):
    def _get_session_from_db(self):
        key = self.session_key
        found = _UNEXPIRED.run(session_key=key, now=timezone.now()) if key else []
        if not found:
            # As Django's store: a key with no live session is forgotten (a new one is made).
            self._session_key = None
            return None
        return found[0]
