"""Pure rules of delivery: retry backoff, the robots' message formats and signature, the SMS contract."""

import base64
import hashlib
import hmac
from urllib.parse import quote_plus


def backoff_seconds(attempts: int, base: int, cap: int) -> int:
    """Wait before the next try after `attempts` failed ones: base, 2×base, 4×base … never above `cap`."""
    return min(cap, base * 2 ** max(0, attempts - 1))


def should_give_up(attempts: int, max_attempts: int) -> bool:
    return attempts >= max_attempts


def message_text(subject: str, body: str, link: str) -> str:
    """The plain text of a notice: subject, body, link (each on its own line when present)."""
    return "\n".join(part for part in (subject, body, link) if part)


def absolute_link(site_url: str, url: str) -> str:
    """A path becomes a full address when the site's address is configured; full addresses stay as they are."""
    if not url or url.startswith(("http://", "https://")) or not site_url:
        return url
    return site_url.rstrip("/") + "/" + url.lstrip("/")


def _markdown(subject: str, body: str, link: str) -> str:
    lines = [f"**{subject}**"]
    if body:
        lines.append(body)
    if link:
        lines.append(f"[查看详情]({link})")
    return "\n\n".join(lines)


def wecom_payload(subject: str, body: str, link: str) -> dict:
    """企业微信群机器人 markdown message (content at most 4096 bytes)."""
    return {"msgtype": "markdown", "markdown": {"content": _markdown(subject, body, link)[:1500]}}


def dingtalk_payload(subject: str, body: str, link: str) -> dict:
    """钉钉自定义机器人 markdown message."""
    return {"msgtype": "markdown", "markdown": {"title": subject[:64], "text": _markdown(subject, body, link)[:4000]}}


def dingtalk_signed_query(secret: str, timestamp_ms: int) -> str:
    """钉钉加签: base64(HMAC-SHA256(key=secret, msg="{timestamp}\\n{secret}")), URL-encoded, with the timestamp."""
    digest = hmac.new(secret.encode(), f"{timestamp_ms}\n{secret}".encode(), hashlib.sha256).digest()
    return f"timestamp={timestamp_ms}&sign={quote_plus(base64.b64encode(digest).decode())}"


def sms_payload(item_id: int, phone: str, subject: str, link: str) -> dict:
    """The SMS gateway contract (docs/notifications.md): `id` is an idempotency key the gateway may dedupe on."""
    return {"id": f"wumei-outbox-{item_id}", "phone": phone, "text": message_text(f"【五每】{subject}", "", link)}


def mask_address(channel: str, address: str) -> str:
    """Shown on the administrator's outbox page: enough to tell destinations apart, not to copy them."""
    if channel == "sms":
        return address[:3] + "****" + address[-4:] if len(address) >= 7 else "****"
    if channel == "email":
        name, _, domain = address.partition("@")
        return f"{name[:1]}***@{domain}"
    scheme, _, rest = address.partition("://")
    return f"{scheme}://{rest.split('/', 1)[0]}/…"
