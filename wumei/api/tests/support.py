"""Test support: a client that speaks JSON with a bearer token per user."""

import json

from wumei.api.services import create_api_token


class ApiClient:
    """`api.get("/projects", as_=world.hq)`: JSON in, response out; no `as_` means no token."""

    def __init__(self, client):
        self.client = client
        self.keys: dict[int, str] = {}

    def key_for(self, user) -> str:
        if user.pk not in self.keys:
            self.keys[user.pk] = create_api_token(None, user, "测试")[1]
        return self.keys[user.pk]

    def request(self, method: str, path: str, *, as_=None, body=None, raw: str | None = None, headers=None):
        headers = dict(headers or {})
        if as_ is not None:
            headers["Authorization"] = f"Bearer {self.key_for(as_)}"
        data = raw if raw is not None else ("" if body is None else json.dumps(body, ensure_ascii=False))
        return self.client.generic(method, f"/api/v1{path}", data=data, content_type="application/json",
                                   headers=headers)

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, body=None, **kw):
        return self.request("POST", path, body=body, **kw)

    def patch(self, path, body=None, **kw):
        return self.request("PATCH", path, body=body, **kw)


def errors_of(response) -> dict[str | None, str]:
    """A 422's `{"detail": [{"field", "message"}]}` as {field: message}."""
    assert response.status_code == 422, response.content.decode()
    return {e["field"]: e["message"] for e in response.json()["detail"]}
