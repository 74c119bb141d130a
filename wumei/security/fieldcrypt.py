"""Encryption at rest of personal data and secrets (等保 level 3): SM4-GCM (GB/T 32907, the national block
cipher) with a 128-bit key from WUMEI_FIELD_KEY.

Stored form: `sm4:` + base64(nonce ‖ ciphertext ‖ tag) for text, `sm4h:` for a hex secret kept as its raw bytes
(TOTP keys must fit django-otp's 80-character column). Reading accepts plaintext too, so a database written
before the switch was turned on stays readable until `wumei encrypt_fields` rewrites it; equality lookups on an
encrypted column cannot work (every value has its own nonce) and nothing in Wumei filters on one.
"""

import base64
import binascii
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

TEXT = "sm4:"
HEX = "sm4h:"
NONCE_BYTES = 12
TAG_BYTES = 16


class DecryptionError(ValueError):
    pass


def enabled() -> bool:
    return bool(getattr(settings, "FIELD_ENCRYPTION", False))


def key() -> bytes:
    raw = getattr(settings, "FIELD_KEY", "") or ""
    try:
        value = bytes.fromhex(raw)
    except ValueError:
        value = b""
    if len(value) != 16:
        raise ImproperlyConfigured("WUMEI_FIELD_KEY 必须是 32 位十六进制字符（128 位 SM4 密钥），"
                                   "可用 python -c \"import secrets; print(secrets.token_hex(16))\" 生成")
    return value


def seal(data: bytes) -> bytes:
    nonce = os.urandom(NONCE_BYTES)
    encryptor = Cipher(algorithms.SM4(key()), modes.GCM(nonce)).encryptor()
    body = encryptor.update(data) + encryptor.finalize()
    return nonce + body + encryptor.tag


def unseal(blob: bytes) -> bytes:
    nonce, body, tag = blob[:NONCE_BYTES], blob[NONCE_BYTES:-TAG_BYTES], blob[-TAG_BYTES:]
    decryptor = Cipher(algorithms.SM4(key()), modes.GCM(nonce, tag)).decryptor()
    try:
        return decryptor.update(body) + decryptor.finalize()
    except InvalidTag:
        raise DecryptionError("加密字段无法解密：密钥（WUMEI_FIELD_KEY）不对，或数据已被篡改") from None


def _b64(blob: bytes) -> str:
    return base64.b64encode(blob).decode("ascii")


def encrypt_text(value: str) -> str:
    """`value` sealed when encryption is on (and not yet sealed); as it is otherwise."""
    if not value or not enabled() or is_sealed(value):
        return value
    return TEXT + _b64(seal(value.encode("utf-8")))


def encrypt_hex(value: str) -> str:
    """A hex secret (a TOTP key) sealed as its raw bytes, so that the stored form stays short."""
    if not value or not enabled() or is_sealed(value):
        return value
    try:
        raw = binascii.unhexlify(value)
    except (binascii.Error, ValueError):
        return TEXT + _b64(seal(value.encode("utf-8")))
    return HEX + _b64(seal(raw))


def decrypt(value: str) -> str:
    """Plaintext of a stored value; plaintext passes through."""
    if not value or not isinstance(value, str):
        return value
    if value.startswith(HEX):
        return binascii.hexlify(unseal(base64.b64decode(value[len(HEX):]))).decode("ascii")
    if value.startswith(TEXT):
        return unseal(base64.b64decode(value[len(TEXT):])).decode("utf-8")
    return value


def is_sealed(value) -> bool:
    return isinstance(value, str) and value.startswith((TEXT, HEX))


def sealed_length(plain_chars: int) -> int:
    """Column width for a sealed text of at most `plain_chars` characters (UTF-8: up to 4 bytes each)."""
    blob = NONCE_BYTES + 4 * plain_chars + TAG_BYTES
    return len(TEXT) + 4 * ((blob + 2) // 3)
