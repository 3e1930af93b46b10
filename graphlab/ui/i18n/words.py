"""Words the model layer hands the UI as values (run states, setting names and docs),
marked here for lupdate and translated where they are shown."""

from __future__ import annotations

from graphlab.ui.i18n import QT_TRANSLATE_NOOP, translate
from graphlab.ui.i18n.messages import translate_message

STATES = {  # train/run_state.py RunState values
    "idle": QT_TRANSLATE_NOOP("RunState", "idle"),
    "starting": QT_TRANSLATE_NOOP("RunState", "starting"),
    "running": QT_TRANSLATE_NOOP("RunState", "running"),
    "paused": QT_TRANSLATE_NOOP("RunState", "paused"),
    "finished": QT_TRANSLATE_NOOP("RunState", "finished"),
    "stopped": QT_TRANSLATE_NOOP("RunState", "stopped"),
    "failed": QT_TRANSLATE_NOOP("RunState", "failed"),
}

# graph/training_settings.py: the Train dock's row labels and the settings' docs
SETTING_LABELS = {
    "backend": QT_TRANSLATE_NOOP("Settings", "Backend"),
    "optimizer": QT_TRANSLATE_NOOP("Settings", "Optimizer"),
    "lr": QT_TRANSLATE_NOOP("Settings", "Learning rate"),
    "batch_size": QT_TRANSLATE_NOOP("Settings", "Batch size"),
    "epochs": QT_TRANSLATE_NOOP("Settings", "Epochs"),
    "val_fraction": QT_TRANSLATE_NOOP("Settings", "Validation share"),
    "standardize": QT_TRANSLATE_NOOP("Settings", "Standardize features"),
    "device": QT_TRANSLATE_NOOP("Settings", "Device"),
}
SETTING_DOCS = [
    QT_TRANSLATE_NOOP("Settings", "framework that trains the graph"),
    QT_TRANSLATE_NOOP("Settings", "update rule"),
    QT_TRANSLATE_NOOP("Settings", "learning rate"),
    QT_TRANSLATE_NOOP("Settings", "samples per step"),
    QT_TRANSLATE_NOOP("Settings", "passes over the training set"),
    QT_TRANSLATE_NOOP("Settings", "share of the data held out for validation"),
    QT_TRANSLATE_NOOP("Settings", "scale features to mean 0, std 1 (from training data)"),
    QT_TRANSLATE_NOOP("Settings", "auto (CUDA, then Apple MPS, then CPU), cpu, cuda, cuda:N "
                                  "or mps"),
]


def state_text(state: str, message: str = "") -> str:
    """The Train dock's status line: the run's state, then what it says."""
    word = translate("RunState", STATES.get(str(state), str(state)))
    if not message:
        return word
    return translate("RunState", "{state}: {message}").format(
        state=word, message=translate_message(message))


def category_name(category: str) -> str:
    """A category as the palette heads it: "Layer" in English (the word's capitalised)."""
    word = translate("Category", category)
    return category.title() if word == category else word


CATEGORY_WORDS = [  # the op table's categories (graph/ops/spec.py): palette heads, Inspector
    QT_TRANSLATE_NOOP("Category", "source"), QT_TRANSLATE_NOOP("Category", "layer"),
    QT_TRANSLATE_NOOP("Category", "activation"), QT_TRANSLATE_NOOP("Category", "math"),
    QT_TRANSLATE_NOOP("Category", "loss"), QT_TRANSLATE_NOOP("Category", "output"),
    QT_TRANSLATE_NOOP("Category", "block"),
]


def category_word(category: str) -> str:
    return translate("Category", category)


def setting_label(name: str) -> str:
    english = SETTING_LABELS.get(name, name.replace("_", " ").capitalize())
    return translate("Settings", english)


def setting_doc(doc: str) -> str:
    return translate("Settings", doc)
