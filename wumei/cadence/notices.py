"""Jobs the cadence engine runs that no other app had as a date-taking function: the HQ office's daily
reporting digest, the Monday visit reminder to lead leaders, and the bulletin drafts of every county.
Each is idempotent: inbox messages carry a dedupe key, bulletins are one per county and dekad."""

import datetime
from collections import defaultdict

from django.urls import reverse

from wumei.calendar.services import load_calendar
from wumei.daily import queries as daily_queries
from wumei.notify.services import notify
from wumei.org.models import Person, Region, Role, RoleAssignment
from wumei.projects.models import Project
from wumei.weekly import conf as weekly_conf
from wumei.weekly import rules as weekly_rules
from wumei.weekly.models import Visit


def _counties_with_projects() -> list[Region]:
    return list(Region.objects.filter(level=Region.Level.COUNTY, projects__isnull=False).distinct().order_by("code"))


def _county_hq_users(county: Region) -> list:
    """The county's own HQ office users (a city's office is not sent every county's digest)."""
    rows = (RoleAssignment.objects.filter(role=Role.HQ_OFFICE, region=county, person__is_active=True,
                                          person__user__is_active=True)
            .select_related("person__user").order_by("person_id"))
    users = []
    for row in rows:
        if row.person.user not in users:
            users.append(row.person.user)
    return users


def _rate(value) -> str:
    return "—" if value is None else f"{value}%"


def send_daily_digest(on: datetime.date) -> dict:
    """每日必盯 digest: each county's HQ office gets one inbox message with the day's reporting rate (on time over
    expected), received, late and missing counts. Nothing on a day without expected reports."""
    calendar = load_calendar()
    summary = {"on": on.isoformat(), "counties": 0, "messages": 0, "rates": {}}
    if not calendar.is_working_day(on):
        summary["reason"] = f"{on:%Y年%m月%d日}不是工作日"
        return summary
    for county in _counties_with_projects():
        tally = daily_queries.compliance(Project.objects.filter(county=county), on, on, calendar).total()
        if not tally.expected:
            continue
        summary["counties"] += 1
        summary["rates"][county.name] = None if tally.rate is None else str(tally.rate)
        subject = f"{on:%m月%d日}日报报送情况：报送率{_rate(tally.rate)}"
        body = (f"{county.name}{on:%Y年%m月%d日}应报日报{tally.expected}个，已报{tally.received}个"
                f"（按时{tally.on_time}个，迟报{tally.late}个），未报{tally.missing}个；"
                f"按时报送率{_rate(tally.rate)}。")
        for user in _county_hq_users(county):
            sent = notify(user, subject, body=body, url=f"{reverse('daily:overview')}?on={on.isoformat()}",
                          kind="cadence.daily_digest", dedupe_key=f"cadence.daily_digest:{county.code}:{on.isoformat()}")
            summary["messages"] += sent is not None
    return summary


def send_visit_coverage(on: datetime.date) -> dict:
    """每周必访 reminder on Monday: every lead leader who did not visit all his due projects last week gets one
    inbox message naming them. A week without a working day asks for no visits and sends nothing."""
    week = weekly_rules.week_of(on).previous()
    summary = {"on": on.isoformat(), "week": week.short_label, "leaders": 0, "leaders_behind": 0, "messages": 0}
    calendar = load_calendar()
    if not weekly_rules.is_visit_week(week, calendar.is_working_day):
        summary["reason"] = f"{week.label}没有工作日，不要求走访"
        return summary
    projects = Project.objects.filter(lead_leader__isnull=False).exclude(stage__in=weekly_conf.VISIT_EXEMPT_STAGES)
    due: dict[int, list[weekly_rules.ProjectRef]] = defaultdict(list)
    for pk, name, leader_id in projects.order_by("name", "id").values_list("id", "name", "lead_leader_id"):
        due[leader_id].append(weekly_rules.ProjectRef(pk, name))
    visits = Visit.objects.filter(project__in=projects.values("pk"), visited_on__range=(week.start, week.end)) \
        .values_list("leader_id", "project_id", "visited_on")
    coverage = weekly_rules.coverage(week, due, visits)
    leaders = Person.objects.filter(pk__in=list(due)).select_related("user").in_bulk()
    summary["leaders"] = len(coverage)
    for leader_id, row in sorted(coverage.items()):
        if not row.not_visited:
            continue
        summary["leaders_behind"] += 1
        person = leaders[leader_id]
        user = person.user
        if user is None or not user.is_active or not person.is_active:
            continue
        names = "、".join(p.name for p in row.not_visited)
        sent = notify(user, f"{week.short_label}走访提醒：{len(row.not_visited)}个项目未走访",
                      body=(f"{week.label}，您联系的{row.due_count}个项目中走访了{row.visited_count}个，"
                            f"以下项目未走访：{names}。请本周安排走访。"),
                      url=reverse("weekly:home"), kind="cadence.visit_coverage",
                      dedupe_key=f"cadence.visit_coverage:{week.start.isoformat()}")
        summary["messages"] += sent is not None
    return summary


def draft_bulletins(on: datetime.date) -> dict:
    """每旬必督 bulletin: each county with projects gets the draft bulletin of the dekad before `on`, once."""
    from wumei.bulletins.services import draft_bulletin, reported_dekad

    drafted = existing = 0
    for county in _counties_with_projects():
        _, created = draft_bulletin(county, on)
        drafted += created
        existing += not created
    return {"on": on.isoformat(), "dekad": reported_dekad(on).label, "drafted": drafted, "existing": existing}
