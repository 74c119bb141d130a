"""Fixtures for the API tests."""

import pytest

from wumei.api.tests.support import ApiClient


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """`world` makes ten users; argon2 would spend seconds per test hashing passwords nobody types here."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def api(client):
    return ApiClient(client)
