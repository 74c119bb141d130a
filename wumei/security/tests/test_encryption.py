"""Encryption at rest (level 3): phone numbers and TOTP keys are SM4-GCM sealed in the database, plain in Python."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import connection
from django_otp.plugins.otp_totp.models import TOTPDevice

from wumei.audit.models import AuditEvent
from wumei.org.models import Person, Unit
from wumei.security import fieldcrypt
from wumei.security.checks import field_key_present
from wumei.security.tests.conftest import code_of, sign_in, signed_in
from wumei.testing import PersonFactory

KEY = "00112233445566778899aabbccddeeff"


@pytest.fixture
def level3(settings):
    settings.FIELD_ENCRYPTION = True
    settings.FIELD_KEY = KEY
    return settings


def stored(model, pk: int, column: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {model._meta.db_table} WHERE id = %s", [pk])  # noqa: S608
        return cursor.fetchone()[0]


def test_a_phone_is_sealed_in_the_database_and_plain_to_the_code(level3, county):
    person = PersonFactory(region=county, phone="13800138000")
    raw = stored(Person, person.pk, "phone")
    assert raw.startswith("sm4:") and "13800138000" not in raw
    assert Person.objects.get(pk=person.pk).phone == "13800138000"


def test_the_same_phone_is_sealed_differently_each_time(level3):
    assert fieldcrypt.encrypt_text("13800138000") != fieldcrypt.encrypt_text("13800138000")


def test_the_longest_allowed_values_fit_their_columns_on_every_database(level3, county):
    unit = Unit.objects.create(name="县测试局", kind="responsible", region=county, contact_phone="0" * 32)
    person = PersonFactory(region=county, phone="9" * 20)
    assert Unit.objects.get(pk=unit.pk).contact_phone == "0" * 32
    assert Person.objects.get(pk=person.pk).phone == "9" * 20


def test_without_encryption_phones_are_stored_as_they_are(settings, county):
    settings.FIELD_ENCRYPTION = False
    person = PersonFactory(region=county, phone="13800138000")
    assert stored(Person, person.pk, "phone") == "13800138000"


def test_a_wrong_key_is_a_clear_error_not_garbage(level3, county):
    person = PersonFactory(region=county, phone="13800138000")
    level3.FIELD_KEY = "ff" * 16
    with pytest.raises(fieldcrypt.DecryptionError, match="WUMEI_FIELD_KEY"):
        Person.objects.get(pk=person.pk)


def test_encryption_without_a_valid_key_stops_the_server_at_the_system_check(settings):
    settings.FIELD_ENCRYPTION = True
    settings.FIELD_KEY = "short"
    errors = field_key_present()
    assert [e.id for e in errors] == ["wumei.E001"] and "WUMEI_FIELD_KEY" in errors[0].msg
    with pytest.raises(ImproperlyConfigured):
        fieldcrypt.key()
    settings.FIELD_KEY = KEY
    assert field_key_present() == []


def test_encrypt_fields_seals_what_was_written_before_the_switch_once(settings, county):
    settings.FIELD_ENCRYPTION = False
    person = PersonFactory(region=county, phone="13800138000")
    settings.FIELD_ENCRYPTION, settings.FIELD_KEY = True, KEY
    call_command("encrypt_fields", stdout=open("/dev/null", "w"))  # noqa: SIM115
    first = stored(Person, person.pk, "phone")
    assert first.startswith("sm4:") and Person.objects.get(pk=person.pk).phone == "13800138000"
    call_command("encrypt_fields", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert stored(Person, person.pk, "phone") == first  # sealed values are left alone
    assert AuditEvent.objects.filter(action="security.encrypt_fields").count() == 2


def test_a_totp_key_is_sealed_and_the_device_still_verifies_codes(level3, world):
    device = TOTPDevice.objects.create(user=world.hq, name="动态口令", confirmed=True)
    plain = device.key
    raw = stored(TOTPDevice, device.pk, "key")
    assert raw.startswith("sm4h:") and plain not in raw and len(raw) <= 80
    reloaded = TOTPDevice.objects.get(pk=device.pk)
    assert reloaded.key == plain
    assert reloaded.verify_token(code_of(reloaded))
    after_use = stored(TOTPDevice, device.pk, "key")  # verify_token saved the device (its last counter)
    assert after_use.startswith("sm4h:") and fieldcrypt.decrypt(after_use) == plain


def test_an_administrator_signs_in_with_his_code_at_level_3(level3, world, client):
    from wumei.testing import Role, user_with_role

    admin = user_with_role(Role.SEC_ADMIN, world.county, username="sec_admin")
    device = TOTPDevice.objects.create(user=admin, name="动态口令", confirmed=True)
    sign_in(client, "sec_admin")
    response = client.post("/security/otp/", {"token": code_of(TOTPDevice.objects.get(pk=device.pk))})
    assert response.status_code == 302 and signed_in(client)
