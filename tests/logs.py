"""Logging in tests: it is process-wide, so a test that listens puts everything back."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def on_root_logger(handler: logging.Handler, level: int) -> Iterator[None]:
    """`handler` on the root logger, and the root logger at `level`, for the block."""
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(level)
    try:
        yield
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)
