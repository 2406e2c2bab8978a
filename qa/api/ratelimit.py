"""Per-client rate limiting: a token bucket per client address, refilled continuously."""

from __future__ import annotations

import threading
import time


class RateLimiter:
    """Allows `per_minute` requests per client per minute on average, with bursts up to that many.

    Args:
        per_minute: the rate; 0 disables limiting.
        max_clients: buckets kept at most (the oldest are dropped, so memory stays bounded under abuse).
    """

    def __init__(self, per_minute: int, max_clients: int = 10_000) -> None:
        self.per_minute = per_minute
        self.max_clients = max_clients
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def allow(self, client: str) -> bool:
        """Take one token for `client`; False when its bucket is empty."""
        if self.per_minute <= 0:
            return True
        now = time.monotonic()
        rate = self.per_minute / 60.0
        with self._lock:
            tokens, last = self._buckets.pop(client, (float(self.per_minute), now))
            tokens = min(float(self.per_minute), tokens + (now - last) * rate)
            allowed = tokens >= 1.0
            self._buckets[client] = (tokens - 1.0 if allowed else tokens, now)
            if len(self._buckets) > self.max_clients:
                self._buckets.pop(next(iter(self._buckets)))
        return allowed
