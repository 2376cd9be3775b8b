"""Each question to the database once per report build.

A report asks the engine the same thing several times: the persons met are the summary's
first figure and the denominator of the four portrait tables; the interventions of each of
the five years are the totals of both five-year tables and the history of the record-high
highlight; the places ranking and the "leader" highlight group the same rows. Within
`computing_once()`, the engine (`queries.py`) remembers each answer the database gave —
numbers, `{key: value}` groups, labels — and answers a repeated question from memory.

The memory lives exactly as long as the block: `build_report` opens one per build, so two
builds never share an answer, and a record changed between them is seen by the second. A
block inside another (a report built while building another) uses the outer memory. The
memory is a context variable: threads and concurrent requests each have their own. Outside
any block, nothing is remembered and every call asks the database, as before.

Answers are stored as given and handed out as copies where they are mutable (a dict of groups
is copied by the caller), so a caller that edits its figure cannot change another's.
"""

from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

T = TypeVar("T")

_MEMORY: ContextVar[dict[Hashable, Any] | None] = ContextVar("report_memory", default=None)


@contextmanager
def computing_once() -> Iterator[None]:
    """Remember the engine's answers until the block ends (also usable as a decorator)."""
    if _MEMORY.get() is not None:  # already inside a build: share its memory
        yield
        return
    token = _MEMORY.set({})
    try:
        yield
    finally:
        _MEMORY.reset(token)


def remembered(question: Hashable, ask: Callable[[], T]) -> T:
    """`ask()`, or its answer to the same question earlier in the current block.

    A question that cannot be hashed (a filter holding a list, say) is simply asked again.
    """
    memory = _MEMORY.get()
    if memory is None:
        return ask()
    try:
        if question in memory:
            return memory[question]
    except TypeError:  # unhashable question
        return ask()
    answer = memory[question] = ask()
    return answer


def known(question: Hashable) -> bool:
    """Whether the current block already holds the answer to `question`."""
    memory = _MEMORY.get()
    try:
        return memory is not None and question in memory
    except TypeError:  # unhashable question
        return False


def active() -> bool:
    """Whether answers are being remembered (inside `computing_once`)."""
    return _MEMORY.get() is not None
