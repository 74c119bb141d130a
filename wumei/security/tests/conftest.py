"""Fixtures of the security tests: the three administrators, and helpers to sign in as a person would."""

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from wumei.testing import PASSWORD, Role, user_with_role


@pytest.fixture
def sec_admin(world):
    return user_with_role(Role.SEC_ADMIN, world.county, username="sec_admin")


@pytest.fixture
def sys_admin(world):
    return user_with_role(Role.SYS_ADMIN, world.county, username="sys_admin")


def sign_in(client, username: str, password: str = PASSWORD, next_url: str = ""):
    """POST the login page, as the browser does."""
    data = {"username": username, "password": password}
    if next_url:
        data["next"] = next_url
    return client.post("/login/", data)


def code_of(device: TOTPDevice) -> str:
    """The device's current 6-digit code, computed from its key as an authenticator app does."""
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):0{device.digits}d}"


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.fixture
def device_of():
    """A confirmed TOTP device for a user (as if he had enrolled)."""
    def make(user) -> TOTPDevice:
        return TOTPDevice.objects.create(user=user, name="动态口令", confirmed=True)

    return make
