"""Knobs of problem handling, read from WUMEI_* environment variables."""

from wumei.config.env import env_int

# Working days a unit gets to solve a problem when nobody says otherwise (办理时限).
DEFAULT_DEADLINE_DAYS = env_int("PROBLEM_DEADLINE_DAYS", 10)
# Working days the project's lead leader gets once a problem is escalated to him (level 1).
LEAD_LEADER_DAYS = env_int("PROBLEM_LEAD_LEADER_DAYS", 5)
# Working days at levels 2 and 3 when the county has not set its ladder (LadderPost) yet.
LADDER_DEFAULT_DAYS = env_int("PROBLEM_LADDER_DAYS", 5)
