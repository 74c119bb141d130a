import pytest

from wumei.notify.models import Preference
from wumei.notify.tests.servers import HttpRecorder, start_http, start_smtp


@pytest.fixture
def smtp(monkeypatch):
    controller, box = start_smtp()
    monkeypatch.setenv("WUMEI_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("WUMEI_SMTP_PORT", str(controller.port))
    monkeypatch.setenv("WUMEI_SMTP_FROM", "wumei@county.example")
    yield box
    controller.stop()


@pytest.fixture
def http(monkeypatch):
    """One HTTP server standing in for the robots and the SMS gateway."""
    recorder = HttpRecorder()
    server = start_http(recorder)
    recorder.url = f"http://127.0.0.1:{server.server_port}"
    monkeypatch.setenv("WUMEI_NOTIFY_WEBHOOK_HOSTS", "127.0.0.1")
    monkeypatch.setenv("WUMEI_SMS_URL", f"{recorder.url}/sms")
    monkeypatch.setenv("WUMEI_SMS_TOKEN", "gateway-token")
    monkeypatch.setenv("WUMEI_NOTIFY_TIMEOUT", "2")
    monkeypatch.setenv("WUMEI_NOTIFY_BACKOFF", "60")
    monkeypatch.setenv("WUMEI_NOTIFY_MAX_ATTEMPTS", "3")
    yield recorder
    server.shutdown()
    server.server_close()


def prefer(user, **fields) -> Preference:
    return Preference.objects.create(user=user, **fields)
