"""Seeds and sizes of the fuzz run (environment overrides for reproduction).

FUZZ_SEED=<n>        the random run's seed (printed in the test id and the summary)
FUZZ_EXAMPLES=<n>    examples per run (default 250: 500 over the two runs)
FUZZ_SHRINK=1        let hypothesis shrink a failing example (minutes: every step
                     generates a package); off by default, the failing package and
                     its spec.json stay in the pytest tmp dir either way
"""

from __future__ import annotations

import os
import random

FIXED_SEED = 20260601
RANDOM_SEED = int(os.environ.get("FUZZ_SEED") or random.SystemRandom().randrange(2**32))
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES") or 250)
SHRINK = os.environ.get("FUZZ_SHRINK") == "1"
MYPY_BATCH = 100  # packages per mypy process

# Filled by the tests, printed at the end of the session by conftest.py.
REPORT: list[str] = []
