"""`wumei run_huey` for test_worker: the same command, with the tests' "project_note" kind registered."""

import os
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wumei.config.settings")


def main() -> None:
    import django

    django.setup()
    from django.core.management import call_command

    from wumei.documents.registry import register_builder
    from wumei.documents.tests.kinds import build_project_note, project_note_visible

    register_builder("project_note", build_project_note, can_view=project_note_visible, label="提醒函")
    call_command("run_huey", "--workers", "1", "--worker-type", "thread", "--no-periodic")


if __name__ == "__main__":
    sys.exit(main())
