"""Knobs of 每旬必督 read from WUMEI_* environment variables. Thresholds the HQ office changes at run time are
not here: they are kept per county in the database (wumei.dekad.models.DekadSettings)."""

from wumei.config.env import env_int, env_list

# A reply's attachments (整改材料): how many per reply, how large each, which kinds of file.
MAX_ATTACHMENTS = env_int("DEKAD_MAX_ATTACHMENTS", 5)
MAX_ATTACHMENT_MB = env_int("DEKAD_MAX_ATTACHMENT_MB", 10)
ATTACHMENT_EXTENSIONS = env_list("DEKAD_ATTACHMENT_EXTENSIONS",
                                 ["pdf", "doc", "docx", "xls", "xlsx", "jpg", "jpeg", "png", "ofd", "wps"])
