"""Counts for any period ("45 letters, 126 reminders, 10 bulletins"): bounds included, drafts and withdrawn
letters left out, other counties left out; and the rows a bulletin is computed from."""

import datetime

from wumei.bulletins import queries, services
from wumei.bulletins.tests.conftest import make_letter
from wumei.dekad.models import DispatchOrder, WorkReminder
from wumei.testing import ProjectFactory, RegionFactory

D = datetime.date
START, END = D(2026, 4, 1), D(2026, 4, 30)


def reminder(county, unit, sent_on, n):
    return WorkReminder.objects.create(county=county, dekad="2026-04上旬", dekad_start=D(2026, 4, 1), sent_on=sent_on,
                                       subject=WorkReminder.Subject.REPORTS, recipient_key=f"unit:{unit.pk}:{n}",
                                       unit=unit, title="日报缺报提示", body="请按时报送")


def order(county, issued_on, status="issued"):
    return DispatchOrder.objects.create(county=county, title="调度令", body="限期完成", deadline_on=D(2026, 5, 30),
                                        status=status, issued_on=issued_on)


def test_document_counts_include_both_ends_of_the_period_and_only_issued_documents(world, django_assert_num_queries):
    p = world.project
    make_letter(p, "reminder", issued_on=START)
    make_letter(p, "assignment", issued_on=END, dekad_start=D(2026, 4, 21))
    make_letter(p, "supervision", issued_on=D(2026, 4, 15), dekad_start=D(2026, 4, 11))
    make_letter(world.other, "supervision", issued_on=D(2026, 3, 31), dekad_start=D(2026, 3, 21))  # before
    make_letter(world.other, "reminder", issued_on=D(2026, 5, 1), dekad_start=D(2026, 5, 1))  # after
    make_letter(world.other, "assignment", issued_on=D(2026, 4, 10), status="withdrawn")
    make_letter(world.other, "supervision", dekad_start=D(2026, 4, 11))  # a draft
    elsewhere = RegionFactory(code="430500", name="别县")
    make_letter(ProjectFactory(county=elsewhere), "reminder", issued_on=D(2026, 4, 10))
    for n, day in enumerate((START, END, D(2026, 3, 31), D(2026, 5, 1))):
        reminder(world.county, world.unit, day, n)
    order(world.county, D(2026, 4, 2))
    order(world.county, None, status="draft")
    order(elsewhere, D(2026, 4, 2))
    first = services.draft_bulletin(world.county, D(2026, 4, 11))[0]
    services.issue_bulletin(None, first, on=D(2026, 4, 12))
    services.draft_bulletin(world.county, D(2026, 4, 21))  # a draft

    with django_assert_num_queries(4):
        counts = queries.document_counts(START, END, world.county)

    assert counts.letters_by_kind == {"reminder": 1, "assignment": 1, "supervision": 1}
    assert (counts.letters, counts.work_reminders, counts.bulletins, counts.dispatch_orders) == (3, 2, 1, 1)
    assert counts.sentence == ("印发督办函件3件（提醒函1件、交办函1件、督办函1件），工作提示2条，督查通报1期，"
                               "调度令1道")


def test_a_province_counts_the_documents_of_its_counties(world):
    from wumei.org.models import Region

    province = RegionFactory(code="430000", name="湖南省", level=Region.Level.PROVINCE)
    world.county.parent = province
    world.county.save()
    make_letter(world.project, "reminder", issued_on=D(2026, 4, 10))
    assert queries.document_counts(START, END, province).letters == 1


def test_the_rows_of_a_county_leave_out_projects_completed_before_the_year(world):
    ProjectFactory(county=world.county, name="去年竣工项目", actual_completion_on=D(2025, 12, 20), stage="operating")
    ProjectFactory(county=world.county, name="今年竣工项目", actual_completion_on=D(2026, 1, 2), stage="operating")
    names = {row.name for row in queries.project_rows(world.county, END)}
    assert names == {world.project.name, world.other.name, "今年竣工项目"}


def test_the_rows_are_read_in_a_bounded_number_of_queries(world, django_assert_max_num_queries):
    for n in range(30):
        ProjectFactory(county=world.county, responsible_unit=world.unit, name=f"项目{n}")
    with django_assert_max_num_queries(8):
        rows = queries.project_rows(world.county, END)
    assert len(rows) == 32
