"""Hypothesis profiles: a fast one in the normal suite, the long campaign behind VANBAN_FUZZ=long.

    VANBAN_FUZZ=long pytest tests/fuzz -p no:cacheprovider      # ≥ 100,000 cases
"""

import os

from hypothesis import HealthCheck, settings

settings.register_profile("ci", max_examples=150, deadline=None, derandomize=True,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.register_profile("long", max_examples=int(os.environ.get("VANBAN_FUZZ_CASES", "25000")), deadline=None,
                          suppress_health_check=list(HealthCheck))
settings.load_profile("long" if os.environ.get("VANBAN_FUZZ") == "long" else "ci")
