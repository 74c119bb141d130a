"""Knobs of 每周必访, read from WUMEI_WEEKLY_* environment variables (defaults are the seed's practice)."""

from decimal import Decimal

from wumei.config.env import env_int, env_list, env_str

# A visit may be logged up to this many days after it took place (a secretary logs the week's visits late);
# older dates are refused so that past weeks' coverage cannot be filled in afterwards.
VISIT_BACKDATE_DAYS = env_int("WEEKLY_VISIT_BACKDATE_DAYS", 30)
# Weeks shown in the multi-week coverage view.
COVERAGE_WEEKS = env_int("WEEKLY_COVERAGE_WEEKS", 8)
# Lifecycle stages whose projects need no weekly visit (completed and operating).
VISIT_EXEMPT_STAGES = env_list("WEEKLY_VISIT_EXEMPT_STAGES", ["operating"])
# A "big" lead: signed amount at or above this many 万元 (10亿 = 100000万元, seed §二 "10亿元以上项目").
LARGE_LEAD_WAN = Decimal(env_str("WEEKLY_LARGE_LEAD_WAN", "100000"))
