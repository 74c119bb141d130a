"""Business rules of factor requests, as pure functions (dates passed in).

- Each kind has a fixed unit of measure (亩, 吨/天, kVA, 立方米/天, 吨标准煤, 吨/年, 万元, 人).
- Land names its index source, funds their channel, environmental capacity its pollutant.
- Status moves only along TRANSITIONS: requested → under consultation → decided → delivered; any open
  request may be declined (with the reason); delivered and declined are final.
- Delivered on time: delivered on or before the need-by date.
"""

import datetime
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

REQUESTED, CONSULTING, DECIDED, DELIVERED, DECLINED = "requested", "consulting", "decided", "delivered", "declined"

UNITS = {
    "land": "亩", "water": "吨/天", "power": "kVA", "gas": "立方米/天", "energy": "吨标准煤",
    "environment": "吨/年", "funds": "万元", "labour": "人",
}

# status → the statuses it may move to.
TRANSITIONS: dict[str, frozenset[str]] = {
    REQUESTED: frozenset({CONSULTING, DECIDED, DECLINED}),
    CONSULTING: frozenset({DECIDED, DECLINED}),
    DECIDED: frozenset({DELIVERED, DECLINED}),
    DELIVERED: frozenset(),
    DECLINED: frozenset(),
}
# The action names the pages and services use for each target status.
ACTIONS = {CONSULTING: "consult", DECIDED: "decide", DELIVERED: "deliver", DECLINED: "decline"}
ACTION_LABELS = {"consult": "提交会商", "decide": "议定", "deliver": "确认到位", "decline": "不予保障"}

MAX_QUANTITY = Decimal("1000000000")
MAX_LEAD_DAYS = 3 * 366
HUNDRED = Decimal(100)
CENT = Decimal("0.01")


def may_move(from_status: str, to_status: str) -> bool:
    return to_status in TRANSITIONS.get(from_status, frozenset())


def next_actions(status: str) -> list[str]:
    """The actions open to a request in `status`, in workflow order."""
    return [ACTIONS[s] for s in (CONSULTING, DECIDED, DELIVERED, DECLINED) if s in TRANSITIONS.get(status, ())]


def quantity_text(quantity: Decimal | None, kind: str) -> str:
    """`12.5亩`, `5000吨/天` (trailing zeros dropped)."""
    if quantity is None:
        return ""
    text = format(quantity.normalize(), "f")
    return f"{text}{UNITS.get(kind, '')}"


def request_errors(*, kind: str, quantity: Decimal | None, need_by: datetime.date | None, today: datetime.date,
                   land_source: str = "", fund_channel: str = "", sub_kind: str = "") -> dict[str, str]:
    """What is wrong with a request's values (field → Chinese message); empty when it may be kept."""
    errors: dict[str, str] = {}
    if kind not in UNITS:
        errors["kind"] = "请选择要素类别"
    if quantity is None:
        errors["quantity"] = "请填写申请数量"
    elif not quantity.is_finite() or quantity <= 0:
        errors["quantity"] = "申请数量必须大于0"
    elif quantity >= MAX_QUANTITY:
        errors["quantity"] = "申请数量过大，请核对单位"
    if need_by is None:
        errors["need_by"] = "请填写需保障日期"
    elif need_by > today + datetime.timedelta(days=MAX_LEAD_DAYS):
        errors["need_by"] = "需保障日期超过三年，请核对"
    if kind == "land" and not land_source:
        errors["land_source"] = "用地需求请选择用地指标来源"
    if kind != "land" and land_source:
        errors["land_source"] = "只有用地需求填写用地指标来源"
    if kind == "funds" and not fund_channel:
        errors["fund_channel"] = "资金需求请选择资金渠道"
    if kind != "funds" and fund_channel:
        errors["fund_channel"] = "只有资金需求填写资金渠道"
    if kind == "environment" and not (sub_kind or "").strip():
        errors["sub_kind"] = "环境容量需求请填写污染物，如化学需氧量"
    return errors


def delivery_errors(*, delivered_on: datetime.date | None, quantity: Decimal | None, today: datetime.date,
                    requested_on: datetime.date) -> dict[str, str]:
    errors: dict[str, str] = {}
    if delivered_on is None:
        errors["delivered_on"] = "请填写到位日期"
    elif delivered_on > today:
        errors["delivered_on"] = "到位日期不能晚于今天"
    elif delivered_on < requested_on:
        errors["delivered_on"] = "到位日期不能早于申请日期"
    if quantity is not None and (not quantity.is_finite() or quantity <= 0):
        errors["delivered_quantity"] = "到位数量必须大于0"
    return errors


def on_time(need_by: datetime.date, delivered_on: datetime.date | None) -> bool:
    """Delivered on or before the need-by date."""
    return delivered_on is not None and delivered_on <= need_by


def on_time_shares(rows: Iterable[tuple[int, datetime.date, datetime.date | None]]) -> dict[int, Decimal]:
    """subject → share (0–100, two places, half up) of its requests delivered on time, from
    (subject, need_by, delivered_on) rows; a subject without rows is absent."""
    totals: dict[int, list[int]] = {}
    for subject, need_by, delivered_on in rows:
        counts = totals.setdefault(subject, [0, 0])
        counts[0] += 1
        counts[1] += on_time(need_by, delivered_on)
    return {subject: (Decimal(done) * HUNDRED / Decimal(total)).quantize(CENT, rounding=ROUND_HALF_UP)
            for subject, (total, done) in totals.items()}


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)
