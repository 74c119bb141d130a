"""Knobs of the supervision bulletins, read from WUMEI_* environment variables.

- WUMEI_BULLETIN_PREFIX (default: the county's short name + "重项通", e.g. "示范重项通"): the document-number
  prefix, giving 示范重项通〔2026〕3号.
- WUMEI_BULLETIN_RECIPIENTS: the default 主送 line of a new draft.
- WUMEI_BULLETIN_COPY_TO: the 抄送 line of every bulletin.
"""

from wumei.config.env import env_str

PREFIX = env_str("BULLETIN_PREFIX", "")
RECIPIENTS = env_str("BULLETIN_RECIPIENTS", "各重点项目牵头县级领导，各项目责任单位，各乡镇（街道）、园区：")
COPY_TO = env_str("BULLETIN_COPY_TO", "县委、县人大、县政府、县政协主要领导，总指挥部指挥长、副指挥长")
