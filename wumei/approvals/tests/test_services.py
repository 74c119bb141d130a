"""Recording approval items (actual days from the official calendar), the county's figures per department and
the on-time rate indicator, hand-computed from the `items` fixture."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from wumei.approvals import indicators, queries, services
from wumei.approvals.models import ApprovalItem
from wumei.approvals.rules import Savings
from wumei.approvals.tests.conftest import item
from wumei.audit.models import AuditEvent
from wumei.core.errors import ValidationError

D = datetime.date


def test_actual_days_come_from_the_official_calendar(items):
    assert [i.actual_days for i in items] == [4, 4, 5, None]
    assert AuditEvent.objects.filter(action="approval_item.create").count() == 4


def test_the_county_savings_per_department_and_in_total(depts, items):
    lines, total = queries.savings_by_department(depts.county, D(2026, 1, 1), D(2026, 6, 30))
    by_name = {line.department.name: line for line in lines}
    # 自然资源局: steps 3+3, materials 2+2, days 16+15, both on time.
    assert by_name["县自然资源局"].savings == Savings(steps=6, materials=4, days=31, items=2, on_time=2)
    assert by_name["县自然资源局"].by_mode == {"ordinary": 1, "commitment": 1}
    # 住建局: steps 3, materials 0, days 3−4 = −1 (late), and one pending.
    assert by_name["县住房和城乡建设局"].savings == Savings(steps=3, materials=0, days=-1, items=1, on_time=0)
    assert by_name["县住房和城乡建设局"].pending == 1
    assert total == Savings(steps=9, materials=4, days=30, items=3, on_time=2)
    assert queries.county_savings(depts.county, D(2026, 1, 1), D(2026, 6, 30)) == total
    # May only: the 规划许可 approved on 11 May.
    assert queries.county_savings(depts.county, D(2026, 5, 1), D(2026, 5, 31)) == Savings(3, 2, 15, 1, 1)


def test_on_time_rate_by_department_and_by_project(depts, items):
    by_dept = indicators.on_time_rate("approval", depts.county, D(2026, 1, 1), D(2026, 6, 30))
    assert by_dept == {depts.nr.pk: Decimal("100.00"), depts.hc.pk: Decimal("0.00")}
    by_project = indicators.on_time_rate("project", depts.county, D(2026, 6, 1), D(2026, 6, 30))
    assert by_project == {depts.project.pk: Decimal("50.00"), depts.other.pk: None}
    assert indicators.on_time_rate("approval", depts.county, D(2026, 7, 1), D(2026, 9, 30)) == {
        depts.nr.pk: None, depts.hc.pk: None}
    with pytest.raises(ValueError):
        indicators.on_time_rate("town", depts.county, D(2026, 1, 1), D(2026, 6, 30))


def test_approving_a_pending_item_sets_its_days(depts, items):
    pending = items[3]
    values = {name: getattr(pending, name) for name in services.FIELDS}
    values.update(department=depts.hc, approved_on=D(2026, 6, 29))
    updated = services.update_item(depts.hq, pending, **values)
    assert updated.actual_days == 2  # 26 and 29 June
    event = AuditEvent.objects.filter(action="approval_item.update").get()
    assert event.after == {"approved_on": "2026-06-29", "actual_days": 2}


def test_bad_input_names_the_field(depts, today):
    with pytest.raises(ValidationError) as exc:
        item(depts, depts.project, "other", depts.nr, applied=D(2026, 6, 10), approved=D(2026, 6, 9))
    assert exc.value.message_dict == {"name": ["“其他审批事项”须填写事项名称"],
                                      "approved_on": ["办结日期不能早于受理日期"]}
    with pytest.raises(ValidationError) as exc:
        item(depts, depts.project, "land", depts.unit, applied=D(2026, 7, 10))
    assert exc.value.message_dict == {"department": ["请选择审批部门"], "applied_on": ["受理日期不能晚于今天"]}
    item(depts, depts.project, "land", depts.nr, applied=D(2026, 6, 1))
    with pytest.raises(ValidationError) as exc:
        item(depts, depts.project, "land", depts.nr, applied=D(2026, 6, 2))
    assert exc.value.message_dict == {"kind": ["该项目已登记此审批事项"]}
    assert ApprovalItem.objects.count() == 1


def test_a_department_liaison_keeps_only_his_departments_items(depts, today):
    from wumei.approvals.services import create_item

    kwargs = dict(kind="land", name="", mode="tolerant", statutory_days=20, statutory_steps=5, actual_steps=2,
                  statutory_materials=8, actual_materials=5, applied_on=D(2026, 6, 1), approved_on=None, note="")
    create_item(depts.nr_liaison, depts.project, department=depts.nr, **kwargs)
    with pytest.raises(PermissionDenied):
        create_item(depts.nr_liaison, depts.project, department=depts.hc, **{**kwargs, "kind": "planning"})
    with pytest.raises(PermissionDenied):
        create_item(depts.owner, depts.project, department=depts.nr, **{**kwargs, "kind": "fire"})
