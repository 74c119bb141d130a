"""Schemathesis over the API's own OpenAPI document (/api/v1/openapi.json), against the Django WSGI application,
signed in with a real token of the HQ office (who may read and write everything in the county): whatever is
sent — valid or not — the answer is never a server error, and every rejection is a 4xx whose detail is Chinese.

Generated ids mostly miss (404); half of them are pointed at the county's real objects so that the handlers
behind the 404 run too.
"""

import json
import os
import re

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings

from wumei.api.services import create_api_token

EXAMPLES = max(int(os.environ.get("WUMEI_FUZZ_EXAMPLES", "150")) // 6, 10)
CJK = re.compile(r"[\u4e00-\u9fff]")

# Not wumei.config.wsgi: that module refuses to serve with the development key, as a real start must.
app = get_wsgi_application()
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)


@pytest.fixture
def keep_the_test_connection():
    """As Django's test client does: a request through the real WSGI handler would otherwise close the
    connection at its end (close_old_connections), and with it the test's transaction (PostgreSQL)."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def county_api(world, keep_the_test_connection):
    """The world with one of everything the API reads, and the HQ office's token."""
    import datetime

    from wumei.problems import services as problem_services

    problem = problem_services.raise_problem(world.hq, world.project, source="hq", category="demolition",
                                             description="红线内3户未签约", on=datetime.date.today())
    token = create_api_token(None, world.hq, "模糊测试")[1]
    real = {"project_id": world.project.pk, "unit_id": world.unit.pk, "problem_id": problem.pk}
    return token, real


def details(body) -> list[str]:
    detail = body.get("detail") if isinstance(body, dict) else None
    if isinstance(detail, str):
        return [detail]
    if isinstance(detail, list):
        return [str(item.get("message", "")) for item in detail if isinstance(item, dict)]
    return []


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.filter_too_much])
def test_no_request_gets_a_server_error_and_every_rejection_is_explained_in_chinese(case, county_api):
    token, real = county_api
    for name, value in real.items():
        if name in (case.path_parameters or {}) and hash(str(case.path_parameters[name])) % 2 == 0:
            case.path_parameters[name] = value
    response = case.call(headers={"Authorization": f"Bearer {token}"})
    where = f"{case.method} {case.formatted_path} → {response.status_code}"
    assert response.status_code < 500, f"{where}\n{response.text[:500]}"
    # 405 (a method the path does not have) is django-ninja's own plain-text answer, before any of our code.
    if 400 <= response.status_code < 500 and response.status_code != 405:
        try:
            body = json.loads(response.text)
        except ValueError:
            pytest.fail(f"{where}: 错误响应不是 JSON：{response.text[:200]}")
        messages = details(body)
        assert messages and all(CJK.search(m) for m in messages), f"{where}: {body}"
