"""Real parts the tests need: fail in CI when one is missing, skip elsewhere with a hint."""

import os

import pytest
import redis

IN_CI = os.environ.get("CI", "").lower() == "true"


def require_part(available: bool, part: str, how: str) -> None:
    """Fail under CI=true, or skip with what to install, when a real part is missing."""
    if available:
        return
    message = f"{part} is missing: {how}"
    if IN_CI:
        pytest.fail(message + " (CI=true: a missing part fails, it never skips)")
    pytest.skip(message)


def empty_redis(url: str) -> bool:
    """Empty the Redis database at a URL for a test; tell whether Redis answered."""
    try:
        server = redis.Redis.from_url(url)
        server.flushdb()
        server.close()
    except redis.ConnectionError:
        return False
    return True
