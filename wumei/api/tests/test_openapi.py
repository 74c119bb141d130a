"""The OpenAPI document: complete, Chinese, and loading nothing from the internet."""

import json
import re

import pytest

from wumei.api.api import api as ninja_api

ENDPOINTS = {
    "/api/v1/projects": {"get", "post"},
    "/api/v1/projects/{project_id}": {"get", "patch"},
    "/api/v1/projects/{project_id}/stage": {"post"},
    "/api/v1/projects/{project_id}/stage-changes": {"get"},
    "/api/v1/projects/{project_id}/milestones": {"get"},
    "/api/v1/projects/{project_id}/plans": {"get"},
    "/api/v1/projects/{project_id}/progress": {"get"},
    "/api/v1/me": {"get"},
    "/api/v1/regions": {"get"},
    "/api/v1/units": {"get"},
    "/api/v1/units/{unit_id}": {"get"},
    "/api/v1/people": {"get"},
    "/api/v1/chains": {"get"},
    "/api/v1/working-groups": {"get"},
    "/api/v1/daily-reports": {"get"},
    "/api/v1/daily-reports/{report_id}": {"get"},
    "/api/v1/projects/{project_id}/daily-reports": {"post"},
    "/api/v1/daily-compliance": {"get"},
    "/api/v1/visits": {"get", "post"},
    "/api/v1/visits/{visit_id}": {"get"},
    "/api/v1/visit-coverage": {"get"},
    "/api/v1/leads": {"get"},
    "/api/v1/leads/{lead_id}": {"get"},
    "/api/v1/lead-figures": {"get"},
    "/api/v1/problems": {"get", "post"},
    "/api/v1/problems/statistics": {"get"},
    "/api/v1/problems/{problem_id}": {"get"},
    "/api/v1/problems/{problem_id}/transitions": {"get"},
    "/api/v1/problems/{problem_id}/transition": {"post"},
    "/api/v1/problems/{problem_id}/escalate": {"post"},
    "/api/v1/problems/{problem_id}/rate": {"post"},
}
CHINESE = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture
def document(client, db):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.content.decode()


def test_openapi_document_lists_every_endpoint(document):
    schema = json.loads(document)

    assert schema["info"]["title"] == "五每 重点项目调度系统 API"
    documented = {path: set(ops) for path, ops in schema["paths"].items()}
    missing = {path: ops - documented.get(path, set()) for path, ops in ENDPOINTS.items()}
    assert not {path: ops for path, ops in missing.items() if ops}


def test_openapi_document_names_no_external_url(document):
    assert not re.search(r"https?://", document)


def test_interactive_docs_are_off_because_they_would_load_swagger_from_a_cdn(client, db):
    assert ninja_api.docs_url is None
    assert client.get("/api/v1/docs").status_code == 404


def test_every_operation_parameter_and_field_is_described_in_chinese(document):
    schema = json.loads(document)
    undescribed = []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            if not CHINESE.search(operation.get("summary", "")):
                undescribed.append(f"{method} {path}")
            undescribed += [f"{method} {path} ?{p['name']}" for p in operation.get("parameters", [])
                            if not CHINESE.search(p.get("description", ""))]
    for name, component in schema["components"]["schemas"].items():
        undescribed += [f"{name}.{field}" for field, spec in component.get("properties", {}).items()
                        if not CHINESE.search(spec.get("description", ""))]

    assert undescribed == []


def test_money_fields_are_strings_of_wan(document):
    schema = json.loads(document)
    money = {
        f"{name}.{field}": spec
        for name, component in schema["components"]["schemas"].items()
        for field, spec in component.get("properties", {}).items()
        if field.endswith("_wan")
    }

    assert "ProjectOut.total_investment_wan" in money and "PlanIn.planned_investment_wan" in money
    for field, spec in money.items():
        types = {spec.get("type")} | {s.get("type") for s in spec.get("anyOf", [])}
        assert "string" in types and "number" not in types, field


def test_every_operation_requires_the_bearer_token(document):
    schema = json.loads(document)

    assert schema["components"]["securitySchemes"] == {"ApiTokenAuth": {"type": "http", "scheme": "bearer"}}
    for operations in schema["paths"].values():
        for operation in operations.values():
            assert operation["security"] == [{"ApiTokenAuth": []}]
