"""Fixtures of the demo tests: the demo county loaded on a fixed day."""

import pytest

from wumei.demo.tests.helpers import TODAY


@pytest.fixture
def demo(db):
    from wumei.demo.builder import load_demo

    return load_demo(seed=1, today=TODAY)

