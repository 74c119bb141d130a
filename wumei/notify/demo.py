"""Demo history of the inbox and the outbox: the notices the county's sign-in accounts received over the last
weeks (chases, letters, problem assignments and escalations, reminders), read except for the last days; the
HQ office's account also had them pushed to its work-chat robot, one of which failed for the administrator.

Deterministic for a given `rng` and `today`; writes once (a county whose accounts have messages is left alone).
The demo preferences stay switched off, so nothing new is sent anywhere from a demo."""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from wumei.notify.models import Message, OutboxItem, Preference
from wumei.org.models import Region, Role, RoleAssignment
from wumei.projects.models import Project

DAYS = 42
UNREAD_DAYS = 2
DEMO_WEBHOOK = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=demo-00000000"
# (kind, subject, body) by role; {project} is one of the projects the account works on.
NOTICES = {
    Role.LIAISON: [
        ("daily.chase", "今日项目日报未报送：{project}", "请于今日17:00前报送当日形象进度和存在问题"),
        ("problem.assign", "问题交办：{project}", "指挥部办公室已将问题交由你单位办理，请按期办结"),
        ("dekad.dispatch", "督办函：{project}", "请于5个工作日内书面回复办理情况"),
        ("dekad.work_reminder", "工作提示：本旬投资统计入库", "请核对本旬投资完成情况及佐证材料"),
    ],
    Role.UNIT_HEAD: [
        ("dekad.dispatch", "督办函：{project}", "请于5个工作日内书面回复办理情况"),
        ("problem.overdue", "问题逾期未办结：{project}", "请督促责任人尽快办理"),
    ],
    Role.HQ_OFFICE: [
        ("problem.escalate", "问题提级至指挥部：{project}", "责任单位无法协调解决，提请指挥部研究"),
        ("dekad.answer", "函件已回复：{project}", "责任单位已书面回复办理情况"),
        ("problem.overdue", "问题逾期未办结：{project}", "已超过办理时限，请跟进"),
    ],
    Role.COMMANDER: [
        ("problem.escalate", "问题提级至县级领导：{project}", "指挥部办公室提请县级领导协调"),
    ],
    Role.LEAD_LEADER: [
        ("problem.escalate", "问题提级至牵头领导：{project}", "请牵头领导协调相关单位"),
    ],
}


def _at(day: datetime.date, rng: random.Random) -> datetime.datetime:
    moment = datetime.datetime.combine(day, datetime.time(8 + rng.randrange(10), rng.randrange(60)))
    return timezone.make_aware(moment)


def seed(county: Region, today: datetime.date, rng: random.Random) -> dict[str, int]:
    """Write the inbox (and the HQ office's robot deliveries) of `county`'s accounts; returns counts."""
    assignments = list(RoleAssignment.objects.filter(region__path__startswith=county.path, role__in=list(NOTICES),
                                                     person__user__isnull=False, person__is_active=True)
                       .select_related("person").order_by("person_id", "role", "pk"))
    users = {a.person.user_id for a in assignments}
    if not users or Message.objects.filter(recipient_id__in=users).exists():
        return {"messages": 0, "outbox_items": 0}
    projects = list(Project.objects.filter(county__path__startswith=county.path).order_by("code", "pk")
                    .values_list("pk", "name", "responsible_unit_id"))
    if not projects:
        return {"messages": 0, "outbox_items": 0}
    messages: list[Message] = []
    seen: set[tuple[int, str]] = set()
    for assignment in assignments:
        user_id, role = assignment.person.user_id, assignment.role
        if (user_id, role) in seen:
            continue
        seen.add((user_id, role))
        own = [p for p in projects if assignment.unit_id and p[2] == assignment.unit_id] or projects
        for days_ago in range(DAYS, -1, -1):
            if rng.random() > 0.35:
                continue
            kind, subject, body = rng.choice(NOTICES[role])
            pk, name, _ = rng.choice(own)
            created = _at(today - datetime.timedelta(days=days_ago), rng)
            read = None if days_ago < UNREAD_DAYS else created + datetime.timedelta(minutes=rng.randrange(20, 600))
            messages.append(Message(recipient_id=user_id, subject=subject.format(project=name)[:200], body=body,
                                    url=f"/projects/{pk}/", kind=kind, created_at=created, read_at=read))
    hq_user = next((a.person.user_id for a in assignments if a.role == Role.HQ_OFFICE), None)
    with transaction.atomic():
        Message.objects.bulk_create(messages, batch_size=500)
        items = []
        if hq_user is not None:
            Preference.objects.get_or_create(user_id=hq_user, defaults={"webhook_url": DEMO_WEBHOOK})
            pushed = [m for m in messages if m.recipient_id == hq_user]
            for n, message in enumerate(pushed):
                failed = n == len(pushed) - 3
                items.append(OutboxItem(
                    message=message, channel=OutboxItem.Channel.WEBHOOK, address=DEMO_WEBHOOK,
                    webhook_format=Preference.WebhookFormat.WECOM, created_at=message.created_at,
                    due_at=message.created_at, attempts=8 if failed else 1,
                    status=OutboxItem.Status.FAILED if failed else OutboxItem.Status.SENT,
                    sent_at=None if failed else message.created_at + datetime.timedelta(seconds=2),
                    last_error="连接失败：timed out" if failed else "",
                ))
            OutboxItem.objects.bulk_create(items, batch_size=500)
    return {"messages": len(messages), "outbox_items": len(items)}
