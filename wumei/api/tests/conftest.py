"""Fixtures for the API tests."""

import pytest

from wumei.api.tests.support import ApiClient


@pytest.fixture
def api(client):
    return ApiClient(client)
