"""What `bcgraph serve` and `bcgraph dev` do to the garbage collector once the app is up
(gateway/server.py): the start-up heap frozen, the youngest generation collected less
often. Checked on this process's collector, put back afterwards."""

from __future__ import annotations

import gc

from gateway import cli
from gateway.server import YOUNG_COLLECTION_EVERY


def test_serving_freezes_the_start_up_heap_and_makes_collections_rarer() -> None:
    before = gc.get_threshold()
    try:
        cli._freeze_startup_objects()
        assert gc.get_threshold() == (YOUNG_COLLECTION_EVERY, *before[1:])
        assert YOUNG_COLLECTION_EVERY > before[0]
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)
