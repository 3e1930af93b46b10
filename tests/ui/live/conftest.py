import pytest


@pytest.fixture
def live_window(make_window):
    """The editor (tests/ui/conftest.py) with the live panel installed; runs are stopped at
    the end."""
    from graphlab.ui.live import install

    made = []

    def make(example="xor"):
        w = make_window(example)
        install(w)
        made.append(w)
        return w

    yield make
    for w in made:
        w.live.stop(wait=True)
        w.editor.stack.setClean()
