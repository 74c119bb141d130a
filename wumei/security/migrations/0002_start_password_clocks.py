"""Accounts that exist when the password policy arrives: their 90 days start now (their real password
date is unknown), so no one is forced to change a password the day the policy is switched on."""

from django.conf import settings
from django.db import migrations
from django.utils import timezone


def start_clocks(apps, schema_editor):
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    AccountSecurity = apps.get_model("security", "AccountSecurity")
    now = timezone.now()
    known = set(AccountSecurity.objects.values_list("user_id", flat=True))
    AccountSecurity.objects.bulk_create(
        [AccountSecurity(user_id=pk, password_changed_at=now)
         for pk in User.objects.values_list("pk", flat=True) if pk not in known],
        batch_size=1000,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("security", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [migrations.RunPython(start_clocks, migrations.RunPython.noop)]
