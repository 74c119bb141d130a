"""Fixtures of the demo tests: the demo county loaded on a fixed day."""

import pytest

from wumei.demo.tests.helpers import TODAY


@pytest.fixture
def demo(db):
    from wumei.demo.builder import load_demo

    return load_demo(seed=1, today=TODAY)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Argon2 is slow on purpose; what these tests check (the printed password signs in) does not depend on it."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
