"""The cycle collector is paused while a file is read and imported, and always comes back."""

import gc

import pytest

from tissage.lib.gcpause import collector_paused
from tissage.lib.tabular import read_table
from tissage.people.importing import engine
from tissage.people.importing.columns import columns_for


def test_paused_then_back_nested_too():
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the inner block leaves it as the outer one found it
    assert gc.isenabled()


def test_left_off_when_it_was_off():
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_back_after_an_error():
    with pytest.raises(RuntimeError), collector_paused():
        raise RuntimeError
    assert gc.isenabled()


@pytest.mark.django_db
def test_an_import_runs_paused_and_gives_it_back():
    table = read_table(b"code;genre\nP1;Femme\nP2;Homme\n", "persons.csv")
    assert gc.isenabled()
    seen = []
    options = engine.Options(columns_for("persons", table.headers, None))
    summary = engine.run("persons", table, options, lambda *_: seen.append(gc.isenabled()))
    assert summary.ok and summary.created == 2
    assert seen and not any(seen)
    assert gc.isenabled()


@pytest.mark.django_db
def test_an_abandoned_import_gives_it_back():
    """A page whose visitor leaves mid-import closes the steps generator."""
    table = read_table(b"code;genre\nP1;Femme\n", "persons.csv")
    options = engine.Options(columns_for("persons", table.headers, None), dry_run=True)
    walk = engine.steps("persons", table, options)
    next(walk)
    assert not gc.isenabled()
    walk.close()
    assert gc.isenabled()
