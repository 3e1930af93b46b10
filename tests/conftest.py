import os

from hypothesis import settings

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# Every hypothesis test draws the same examples on every run and machine, so a failure
# replays by rerunning; HYPOTHESIS_PROFILE=explore draws new ones on purpose.
settings.register_profile("repro", derandomize=True, database=None, print_blob=True)
settings.register_profile("explore", derandomize=False, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repro"))
