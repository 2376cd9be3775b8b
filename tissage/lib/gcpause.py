"""Python's cycle collector paused while a large file is read or imported.

Reading 100,000 rows makes millions of small lists, dicts and strings that live until the
import ends; the collector keeps walking them all again as they pile up (a full pass
every few hundred thousand allocations), which cost a third of reading a file and a tenth
of a whole import. These objects hold no reference cycles: reference counting frees them
without the collector, which runs again as soon as the import is over.
"""

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Nested uses leave the collector as the outermost one found it."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
