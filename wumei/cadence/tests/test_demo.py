"""The demo's job history: a month of past runs, each job on its days, written once, deterministic."""

import datetime
import random

from wumei.cadence import demo
from wumei.cadence.models import JobRun

TODAY = datetime.date(2026, 6, 16)


def test_the_demo_has_a_month_of_runs_on_each_jobs_days_and_writes_once(county):
    counts = demo.seed(county, TODAY, random.Random(7))
    assert counts == {"job_runs": JobRun.objects.count()}
    assert JobRun.objects.filter(job="problems.escalate").count() == 30
    assert set(JobRun.objects.filter(job="dekad.round").values_list("on", flat=True)) == {
        datetime.date(2026, 5, 21), datetime.date(2026, 6, 1), datetime.date(2026, 6, 11)}
    assert not JobRun.objects.filter(on__gte=TODAY).exists()  # today's runs are the worker's
    first = sorted(JobRun.objects.values_list("job", "on", "duration_ms"))
    assert demo.seed(county, TODAY, random.Random(7)) == {"job_runs": 0}
    JobRun.objects.all().delete()
    demo.seed(county, TODAY, random.Random(7))
    assert sorted(JobRun.objects.values_list("job", "on", "duration_ms")) == first
