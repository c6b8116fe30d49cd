"""Settings every test of the project shares.

Hypothesis runs without deadlines and without the too-slow health check: machines here differ
up to four times in speed and are shared, so how long a draw takes says nothing about a test's
subject. Each test still fails on what it asserts.
"""

from hypothesis import HealthCheck, settings

settings.register_profile(
    "novacat-tests", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("novacat-tests")
