"""`wumei encrypt_fields`: seal the phone numbers and TOTP keys written before encryption at rest was switched on.

Idempotent: sealed values are left as they are. One transaction, one audit event with the counts."""

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from wumei.audit.services import record
from wumei.security import fieldcrypt

ENCRYPTED = (
    ("org", "Person", "phone"), ("org", "Unit", "contact_phone"), ("otp_totp", "TOTPDevice", "key"),
    ("notify", "Preference", "email"), ("notify", "Preference", "webhook_url"), ("notify", "Preference", "webhook_secret"),
    ("notify", "OutboxItem", "address"), ("notify", "OutboxItem", "webhook_secret"),
)


def _stored(model, field: str) -> list[tuple[int, str]]:
    """Values as stored, bypassing the field's decryption."""
    q = connection.ops.quote_name
    pk, column, table = q(model._meta.pk.column), q(model._meta.get_field(field).column), q(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {pk}, {column} FROM {table}")  # noqa: S608 — names from _meta, quoted  # nosec B608
        return cursor.fetchall()


def encrypt_all() -> dict[str, int]:
    counts: dict[str, int] = {}
    with transaction.atomic():
        for app_label, model_name, field in ENCRYPTED:
            model = apps.get_model(app_label, model_name)
            plain = [pk for pk, value in _stored(model, field) if value and not fieldcrypt.is_sealed(value)]
            for obj in model.objects.filter(pk__in=plain):
                obj.save(update_fields=[field])
            counts[f"{model._meta.label_lower}.{field}"] = len(plain)
        record(None, "security.encrypt_fields", after=counts)
    return counts


class Command(BaseCommand):
    help = "把开启加密存储之前写入的手机号码和两步验证密钥加密保存（可重复运行）"

    def handle(self, *args, **options):
        if not fieldcrypt.enabled():
            raise CommandError("未开启加密存储：请设置 WUMEI_FIELD_ENCRYPTION=1（或 WUMEI_SECURITY_LEVEL=3）和 WUMEI_FIELD_KEY")
        fieldcrypt.key()
        for name, count in encrypt_all().items():
            self.stdout.write(f"{name}：加密 {count} 条")
