"""A bounded ring buffer: training history that never grows past its capacity."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Generic, TypeVar

T = TypeVar("T")


class RingBuffer(Generic[T]):
    """Keeps the newest ``capacity`` items; safe to append from one thread, read from another."""

    def __init__(self, capacity: int) -> None:
        if capacity < 1:
            raise ValueError("capacity must be at least 1")
        self.capacity = capacity
        self._items: list[T | None] = [None] * capacity
        self._next = 0
        self._count = 0
        self._lock = threading.Lock()

    def append(self, item: T) -> None:
        with self._lock:
            self._items[self._next] = item
            self._next = (self._next + 1) % self.capacity
            self._count = min(self._count + 1, self.capacity)

    def __len__(self) -> int:
        return self._count

    def items(self) -> list[T]:
        """Oldest first."""
        with self._lock:
            start = (self._next - self._count) % self.capacity
            return [self._items[(start + i) % self.capacity] for i in range(self._count)]

    def __iter__(self) -> Iterator[T]:
        return iter(self.items())

    @property
    def latest(self) -> T | None:
        with self._lock:
            return self._items[(self._next - 1) % self.capacity] if self._count else None

    def clear(self) -> None:
        with self._lock:
            self._items = [None] * self.capacity
            self._next = self._count = 0
