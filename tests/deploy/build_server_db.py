"""Build the scratch database the deployment tests' server processes use (run in a subprocess, one Django
start-up): `wumei migrate`; the demo county as `wumei load_demo` writes it, of its history only the
supervision bulletins (official documents to render; the other months of history take seconds and nothing
here reads them); the load tool's plan (a token for each project's liaison, bench/load.py); and one real
account for signing in with the production settings (the demo's accounts are refused there): an HQ-office
clerk whose password is already his own. Prints JSON.

    WUMEI_DATABASE_URL=… WUMEI_VAR_DIR=… python tests/deploy/build_server_db.py CLIENTS PASSWORD
"""

import importlib.util
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
USERNAME = "deploy_check"


def main() -> int:
    clients, password = int(sys.argv[1]), sys.argv[2]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wumei.config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    from wumei.demo import builder, history

    call_command("migrate", verbosity=0)
    demo = builder.load_demo(seed=1, history=False)
    history.seed_history(demo.county, timezone.localdate(), seed=1, only=("bulletins",))

    spec = importlib.util.spec_from_file_location("bench_load", ROOT / "bench" / "load.py")
    load = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(load)
    plan = load.prepare(clients)

    from wumei.bulletins.permissions import bulletins_visible_to
    from wumei.org.models import Person, Role
    from wumei.org.services import assign_role, create_login
    from wumei.security.services import change_password

    county = demo.county
    person = Person.objects.create(name="部署检查员", region=county, title="运维")
    assign_role(None, person, Role.HQ_OFFICE, county)
    user = create_login(None, person, USERNAME, password + "-initial")
    change_password(user, password)
    bulletin = bulletins_visible_to(user).order_by("pk").first()
    json.dump({"plan": plan, "username": USERNAME, "bulletin": bulletin.pk if bulletin else None}, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
