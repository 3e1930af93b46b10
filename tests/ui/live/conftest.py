import pytest

from tests.ui.conftest import make_window  # noqa: F401 - the editor window fixture


@pytest.fixture
def live_window(make_window):  # noqa: F811
    """The editor with the live panel installed; any run is stopped at the end."""
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
