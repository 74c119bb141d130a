"""The senders of the three channels. Each raises DeliveryError with a Chinese reason when a send fails."""

import json
import time
import urllib.error
import urllib.request
from urllib.parse import urlsplit

from django.core.mail import EmailMessage
from django.core.mail.backends.smtp import EmailBackend

from wumei.notify import rules
from wumei.notify.conf import NotifyConf
from wumei.notify.models import OutboxItem


class DeliveryError(Exception):
    """A send that failed; the message is stored as the item's last error."""


def send(item: OutboxItem, cfg: NotifyConf) -> None:
    message = item.message
    link = rules.absolute_link(cfg.site_url, message.url)
    if item.channel == OutboxItem.Channel.EMAIL:
        send_email(item, message.subject, message.body, link, cfg)
    elif item.channel == OutboxItem.Channel.WEBHOOK:
        send_webhook(item, message.subject, message.body, link, cfg)
    elif item.channel == OutboxItem.Channel.SMS:
        send_sms(item, message.subject, link, cfg)
    else:
        raise DeliveryError(f"未知的发送渠道：{item.channel}")


def send_email(item: OutboxItem, subject: str, body: str, link: str, cfg: NotifyConf) -> None:
    if not cfg.email_configured:
        raise DeliveryError("未配置邮件服务器（WUMEI_SMTP_HOST）")
    backend = EmailBackend(host=cfg.smtp_host, port=cfg.smtp_port, username=cfg.smtp_user or None,
                           password=cfg.smtp_password or None, use_tls=cfg.smtp_tls, use_ssl=cfg.smtp_ssl,
                           timeout=cfg.timeout, fail_silently=False)
    # A stable Message-ID: a mail server or client can drop the copy sent again after a crash (see the docs).
    email = EmailMessage(subject=f"【五每】{subject}", body=rules.message_text("", body, link), from_email=cfg.smtp_from,
                         to=[item.address], headers={"Message-ID": f"<wumei-outbox-{item.pk}@wumei>"},
                         connection=backend)
    try:
        email.send()
    except Exception as exc:  # noqa: BLE001 — SMTP, socket and TLS errors all mean "try again later"
        raise DeliveryError(f"邮件发送失败：{type(exc).__name__}: {exc}") from exc


def send_webhook(item: OutboxItem, subject: str, body: str, link: str, cfg: NotifyConf) -> None:
    url = item.address
    if item.webhook_format == "dingtalk":
        payload = rules.dingtalk_payload(subject, body, link)
        if item.webhook_secret:
            query = rules.dingtalk_signed_query(item.webhook_secret, int(time.time() * 1000))
            url = f"{url}{'&' if '?' in url else '?'}{query}"
    else:
        payload = rules.wecom_payload(subject, body, link)
    reply = post_json(url, payload, cfg, allowed=cfg.webhook_host_allowed)
    # Both robots answer 200 with {"errcode": 0, "errmsg": "ok"}; any other errcode is a refusal.
    try:
        answer = json.loads(reply or "{}")
    except ValueError:
        return
    if isinstance(answer, dict) and answer.get("errcode", 0) != 0:
        raise DeliveryError(f"机器人拒收：errcode={answer.get('errcode')} {answer.get('errmsg', '')}".strip())


def send_sms(item: OutboxItem, subject: str, link: str, cfg: NotifyConf) -> None:
    if not cfg.sms_configured:
        raise DeliveryError("未配置短信网关（WUMEI_SMS_URL）")
    headers = {"Authorization": f"Bearer {cfg.sms_token}"} if cfg.sms_token else {}
    post_json(cfg.sms_url, rules.sms_payload(item.pk, item.address, subject, link), cfg, headers=headers)


def post_json(url: str, payload: dict, cfg: NotifyConf, *, headers: dict | None = None, allowed=None) -> str:
    """POST `payload` as JSON; the reply's text on a 2xx answer, DeliveryError otherwise."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise DeliveryError(f"地址须以 http:// 或 https:// 开头：{parts.scheme}")
    if allowed is not None and not allowed(parts.hostname or ""):
        raise DeliveryError(f"不允许向该主机发送（WUMEI_NOTIFY_WEBHOOK_HOSTS）：{parts.hostname}")
    request = urllib.request.Request(  # noqa: S310 — the scheme is checked above
        url, data=json.dumps(payload, ensure_ascii=False).encode(), method="POST",
        headers={"Content-Type": "application/json; charset=utf-8", **(headers or {})},
    )
    try:
        with urllib.request.urlopen(request, timeout=cfg.timeout) as response:  # noqa: S310  # nosec B310
            return response.read(65536).decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        raise DeliveryError(f"对方返回 HTTP {exc.code}") from exc
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise DeliveryError(f"连接失败：{reason}") from exc
