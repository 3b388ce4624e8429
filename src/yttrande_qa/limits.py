"""Bounds on what anonymous or unauthenticated clients may make the chat do: no uploads at all, a few
ratings a minute, a few wrong passwords before a pause. Used by web.py (Starlette, under Gradio)."""

from __future__ import annotations

import hmac
import threading
import time
from collections import deque
from contextvars import ContextVar

from starlette.exceptions import HTTPException

from . import messages, tuning

# The client address of the request being handled, set by `Guard` for code that Gradio calls without
# the request (its login route calls the auth function with the user name and password only).
CLIENT: ContextVar[str] = ContextVar("client", default="unknown")

# Routes that would store a client's file on the server: the chat takes no files.
UPLOAD_ROUTES = ("/upload", "/process_recording")
_MAX_KEYS = 10_000  # past this many clients, those quiet for a whole window are forgotten


class SlidingWindow:
    """At most `limit` events per key within the last `seconds`."""

    def __init__(self, limit: int, seconds: float):
        self.limit, self.seconds = limit, seconds
        self._events: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def wait(self, key: str) -> float:
        """Seconds until `key` may act again (0 when it may now)."""
        with self._lock:
            events = self._recent(key)
            return 0.0 if len(events) < self.limit else events[0] + self.seconds - time.monotonic()

    def record(self, key: str) -> None:
        with self._lock:
            self._recent(key).append(time.monotonic())

    def allow(self, key: str) -> bool:
        """Records an event for `key` if it may act now."""
        with self._lock:
            events = self._recent(key)
            if len(events) >= self.limit:
                return False
            events.append(time.monotonic())
            return True

    def _recent(self, key: str) -> deque[float]:
        now = time.monotonic()
        if len(self._events) > _MAX_KEYS:
            self._events = {k: e for k, e in self._events.items() if e and e[-1] > now - self.seconds}
        events = self._events.setdefault(key, deque())
        while events and events[0] <= now - self.seconds:
            events.popleft()
        return events


class LoginThrottle:
    """The chat's auth function: the one user name and password, with failed attempts limited per client
    address and per user name (tuning.LOGIN_*). While either is over its limit no password is checked,
    and the login is answered 429 with the seconds to wait."""

    def __init__(self, username: str, password: str):
        self.username, self.password = username, password
        self.by_client = SlidingWindow(tuning.LOGIN_FAILURES_PER_CLIENT, tuning.LOGIN_WINDOW_SECONDS)
        self.by_user = SlidingWindow(tuning.LOGIN_FAILURES_PER_USER, tuning.LOGIN_WINDOW_SECONDS)

    def __call__(self, username: str, password: str) -> bool:
        client = CLIENT.get()
        wait = max(self.by_client.wait(client), self.by_user.wait(username))
        if wait > 0:
            seconds = max(1, round(wait))
            raise HTTPException(429, messages.LOGIN_THROTTLED.format(seconds=seconds),
                                headers={"Retry-After": str(seconds)})
        same_user = hmac.compare_digest(username.encode(), self.username.encode())
        if hmac.compare_digest(password.encode(), self.password.encode()) and same_user:
            return True
        self.by_client.record(client)
        self.by_user.record(username)
        return False


class Guard:
    """ASGI middleware in front of the chat: refuses uploads before their body is read, and makes the
    client's address known to the auth function."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        if scope["method"] == "POST" and scope["path"].rstrip("/").endswith(UPLOAD_ROUTES):
            return await _plain(send, 403, messages.NO_UPLOAD)
        token = CLIENT.set((scope.get("client") or ("unknown",))[0])
        try:
            return await self.app(scope, receive, send)
        finally:
            CLIENT.reset(token)


async def _plain(send, status: int, text: str) -> None:
    body = text.encode()
    fields = [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": fields})
    await send({"type": "http.response.body", "body": body})
