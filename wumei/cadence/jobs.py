"""What runs when: the one declaration of Wumei's scheduled jobs (issue #6, "The cadence engine").

Each job is an idempotent function taking the business date (`target(on: date)`), named by dotted path and
imported when it runs: a job whose module is missing or broken fails that run (recorded as failed), not the
engine. The days are declared here; the time of day is the default of the HQ office's Schedule row.
"""

import datetime
from dataclasses import dataclass

from wumei.cadence import rules
from wumei.cadence.rules import Days
from wumei.daily import conf as daily_conf


@dataclass(frozen=True)
class Job:
    code: str
    label: str
    target: str  # dotted path of `f(on: date) -> summary`
    days: Days
    default_at: datetime.time
    description: str = ""


def _t(text: str) -> datetime.time:
    return rules.parse_time(text)


# The chase runs at the daily report cut-off (WUMEI_REPORT_CUTOFF), the digest half an hour later.
CUTOFF = daily_conf.cutoff()
AFTER_CUTOFF = (datetime.datetime.combine(datetime.date(2000, 1, 1), CUTOFF) + datetime.timedelta(minutes=30)).time()


JOBS: tuple[Job, ...] = (
    Job("problems.escalate", "问题逾期提级", "wumei.problems.services.escalate_overdue", rules.EVERY_DAY, _t("07:30"),
        "超过本层级办理期限仍未解决的问题提级一层，县长层级逾期标记一次"),
    Job("dekad.round", "每旬督查", "wumei.dekad.services.run_dekad_round", rules.month_days(1, 11, 21), _t("08:30"),
        "按规则生成提醒函、交办函、督办函草稿，发送工作提示"),
    Job("bulletins.draft", "起草督查通报", "wumei.cadence.notices.draft_bulletins", rules.month_days(1, 11, 21),
        _t("09:00"), "按上一旬最后一天的数据为每个县（区）起草督查通报"),
    Job("weekly.coverage", "上周走访提醒", "wumei.cadence.notices.send_visit_coverage", rules.weekday(0, "每周一"),
        _t("09:00"), "上周未走访完所联系项目的牵头领导各收到一条站内提醒"),
    Job("reception.remind", "企业家接待日提醒", "wumei.reception.services.remind_reception_day", rules.EVERY_DAY,
        _t("09:00"), "接待日前几个工作日提醒指挥部办公室和接待领导"),
    Job("consultation.agenda", "月度会商议程草稿", "wumei.consultation.services.draft_agendas", rules.month_days(1),
        _t("09:30"), "为每个有项目的县（区）起草本月会商议程"),
    Job("quarterly.score", "季度考核评分", "wumei.quarterly.services.score_due_quarter", rules.QUARTER_FIRST_DAY,
        _t("07:00"), "为有考核办法的县（区）计算上一季度的考核得分"),
    Job("daily.chase", "日报催报", "wumei.daily.services.chase_reports", rules.WORKING_DAYS, CUTOFF,
        "截止时间后给有未报项目的联络员发催报消息，记录迟报"),
    Job("daily.digest", "日报报送情况", "wumei.cadence.notices.send_daily_digest", rules.WORKING_DAYS, AFTER_CUTOFF,
        "给各县（区）指挥部办公室发当天的日报报送率"),
)

BY_CODE: dict[str, Job] = {job.code: job for job in JOBS}


def job_label(code: str) -> str:
    job = BY_CODE.get(code)
    return job.label if job else code
