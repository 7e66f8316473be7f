"""Stopping background tasks for sure.

`task.cancel()` is a request: a library awaited inside the task can swallow the
CancelledError (seen with redis-py 8 on Python 3.11, while it opens a connection), and
the task then carries on and waits forever, so a shutdown awaiting it hangs. `stop`
cancels again until every task has ended.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable

# How long a cancelled task gets before it is cancelled once more.
RETRY_SECONDS = 0.25


async def stop(tasks: Iterable[asyncio.Task[None]]) -> None:
    pending = {task for task in tasks if not task.done()}
    while pending:
        for task in pending:
            task.cancel()
        _, pending = await asyncio.wait(pending, timeout=RETRY_SECONDS)
