"""Slow down key guessing: after repeated bad keys from one client address, refuse it for a while.

While an address is refused, every key it sends is refused unchecked (429 with Retry-After):
answering a right key then would let guessing go on at full speed. Behind a reverse proxy all
clients share the proxy's address, so the proxy should do this instead (or pass the client on).
"""

import math
import threading
import time
from collections import deque
from collections.abc import Callable

MAX_FAILURES = 5  # bad keys allowed per address within WINDOW_SECONDS
WINDOW_SECONDS = 60.0
MAX_ADDRESSES = 10_000  # forget the oldest beyond this, so a flood of addresses cannot fill memory


class KeyThrottle:
    def __init__(
        self,
        max_failures: int = MAX_FAILURES,
        window: float = WINDOW_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.max_failures, self.window, self.clock = max_failures, window, clock
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()  # sync routes and dependencies run on a thread pool

    def retry_after(self, address: str) -> int:
        """Seconds until `address` may try again; 0 when it may now."""
        with self._lock:
            recent = self._prune(self._failures.get(address, deque()))
            if len(recent) < self.max_failures:
                return 0
            return max(1, math.ceil(recent[0] + self.window - self.clock()))

    def failed(self, address: str) -> None:
        with self._lock:
            recent = self._failures.setdefault(address, deque(maxlen=self.max_failures))
            self._prune(recent).append(self.clock())
            if len(self._failures) > MAX_ADDRESSES:
                del self._failures[next(iter(self._failures))]

    def _prune(self, times: deque[float]) -> deque[float]:
        while times and times[0] <= self.clock() - self.window:
            times.popleft()
        return times
