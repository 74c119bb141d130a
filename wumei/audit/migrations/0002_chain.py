"""Hash-chain the audit log: sequence, prev_hash and hash on every event (existing events are chained in
the order they were written), pruning checkpoints, and the triggers that make the log append-only in the
database itself."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def chain_existing_events(apps, schema_editor):
    from wumei.audit import chain

    AuditEvent = apps.get_model("audit", "AuditEvent")
    prev_hash = chain.GENESIS_HASH
    batch = []
    fields = ["sequence", "prev_hash", "hash"]
    for sequence, event in enumerate(AuditEvent.objects.order_by("id").iterator(chunk_size=2000), start=1):
        event.sequence, event.prev_hash = sequence, prev_hash
        event.hash = chain.event_hash({name: getattr(event, name) for name in chain.HASHED_FIELDS})
        prev_hash = event.hash
        batch.append(event)
        if len(batch) >= 1000:
            AuditEvent.objects.bulk_update(batch, fields)
            batch = []
    if batch:
        AuditEvent.objects.bulk_update(batch, fields)


def install_guards(apps, schema_editor):
    from wumei.audit import guards

    guards.install(schema_editor.connection)


def remove_guards(apps, schema_editor):
    from wumei.audit import guards

    guards.remove(schema_editor.connection)


class Migration(migrations.Migration):

    dependencies = [
        ("audit", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="AuditCheckpoint",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("through_sequence", models.PositiveBigIntegerField(unique=True, verbose_name="清理至序号")),
                ("through_hash", models.CharField(max_length=64, verbose_name="清理至哈希")),
                ("before", models.DateField(verbose_name="清理此日期之前的记录")),
                ("deleted", models.PositiveIntegerField(verbose_name="清理条数")),
                ("at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="时间")),
            ],
            options={
                "verbose_name": "审计清理检查点",
                "verbose_name_plural": "审计清理检查点",
                "ordering": ["-through_sequence"],
            },
        ),
        migrations.AddField(
            model_name="auditevent",
            name="sequence",
            field=models.PositiveBigIntegerField(null=True, verbose_name="序号"),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="prev_hash",
            field=models.CharField(default="", max_length=64, verbose_name="前一条哈希"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="auditevent",
            name="hash",
            field=models.CharField(default="", max_length=64, verbose_name="哈希"),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="at",
            field=models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name="时间"),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="actor",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT,
                                    to=settings.AUTH_USER_MODEL, verbose_name="操作人"),
        ),
        migrations.RunPython(chain_existing_events, migrations.RunPython.noop, elidable=False),
        migrations.AlterField(
            model_name="auditevent",
            name="sequence",
            field=models.PositiveBigIntegerField(unique=True, verbose_name="序号"),
        ),
        migrations.RunPython(install_guards, remove_guards, elidable=False),
    ]
