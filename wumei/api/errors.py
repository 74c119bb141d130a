"""Every error the API returns, in one JSON shape with Chinese messages.

- 401 `{"detail": "未登录或令牌无效"}`
- 403 / 404 / 409 `{"detail": "<中文说明>"}`
- 422 `{"detail": [{"field": "planned_completion_on", "message": "计划竣工投产时间不能早于计划开工时间"}]}`
"""

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from wumei.core.errors import ConflictError

UNAUTHENTICATED = "未登录或令牌无效"
NOT_FOUND = "对象不存在，或您无权查看"
FORBIDDEN = "您没有执行此操作的权限"

# Model field → the API's name for it, where they differ (money fields carry their unit).
API_FIELD_NAMES = {
    "total_investment": "total_investment_wan",
}

_TYPE_MESSAGES = {
    "missing": "必填",
    "extra_forbidden": "不允许的字段",
    "int_type": "应为整数",
    "int_parsing": "应为整数",
    "int_from_float": "应为整数",
    "bool_type": "应为 true 或 false",
    "bool_parsing": "应为 true 或 false",
    "string_type": "应为文本",
    "date_type": "日期格式不正确，应为 YYYY-MM-DD",
    "date_parsing": "日期格式不正确，应为 YYYY-MM-DD",
    "date_from_datetime_parsing": "日期格式不正确，应为 YYYY-MM-DD",
    "date_from_datetime_inexact": "日期格式不正确，应为 YYYY-MM-DD",
    "decimal_type": "金额格式不正确，应为十进制数字字符串（万元）",
    "decimal_parsing": "金额格式不正确，应为十进制数字字符串（万元）",
    "decimal_max_digits": "数字位数过多",
    "decimal_whole_digits": "整数部分位数过多",
    "finite_number": "应为有限的数字",
    "model_type": "应为 JSON 对象",
    "model_attributes_type": "应为 JSON 对象",
    "dict_type": "应为 JSON 对象",
    "list_type": "应为数组",
    "json_invalid": "不是有效的 JSON",
    "string_unicode": "文本编码不正确",
}


def _pydantic_message(error: dict) -> str:
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind in ("literal_error", "enum"):
        expected = str(ctx.get("expected", "")).replace("'", "").replace(" or ", ", ").split(", ")
        return "无效的选项，可选值：" + "、".join(v for v in expected if v)
    if kind == "string_too_short":
        return "不能为空" if ctx.get("min_length") == 1 else f"不能少于{ctx.get('min_length')}个字符"
    if kind == "string_too_long":
        return f"不能超过{ctx.get('max_length')}个字符"
    if kind == "too_long":
        return f"不能超过{ctx.get('max_length')}项"
    if kind == "greater_than_equal":
        return f"不能小于{ctx.get('ge')}"
    if kind == "greater_than":
        return f"应大于{ctx.get('gt')}"
    if kind == "less_than_equal":
        return f"不能大于{ctx.get('le')}"
    if kind == "less_than":
        return f"应小于{ctx.get('lt')}"
    if kind == "decimal_max_places":
        return f"小数位数不能超过{ctx.get('decimal_places')}位"
    if kind in ("value_error", "assertion_error"):
        # Our own validators raise ValueError with a Chinese message; pydantic prefixes it.
        return str(ctx.get("error") or error.get("msg", "")).removeprefix("Value error, ")
    return _TYPE_MESSAGES.get(kind, "格式不正确")


def _field_name(loc: tuple | list) -> str | None:
    """("body", "payload", "plan", "year") → "plan.year"; ("query", "page_size") → "page_size"."""
    parts = [str(p) for p in loc]
    if parts and parts[0] in ("body", "query", "path", "header", "cookie", "form"):
        source, parts = parts[0], parts[1:]
        if source == "body" and parts and parts[0] == "payload":
            parts = parts[1:]
    return ".".join(parts) or None


def field_errors(errors: dict[str | None, list[str] | str]) -> list[dict]:
    out = []
    for field, messages in errors.items():
        name = None if field in (None, NON_FIELD_ERRORS) else API_FIELD_NAMES.get(field, field)
        for message in [messages] if isinstance(messages, str) else messages:
            out.append({"field": name, "message": str(message)})
    return out


def _django_validation_error(exc: DjangoValidationError) -> list[dict]:
    if hasattr(exc, "error_dict"):
        return field_errors(exc.message_dict)
    return field_errors({None: exc.messages})


def install(api: NinjaAPI) -> None:
    """Replace ninja's English default handlers with ours."""

    def respond(request, status: int, detail):
        return api.create_response(request, {"detail": detail}, status=status)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, exc):
        response = respond(request, 401, UNAUTHENTICATED)
        response["WWW-Authenticate"] = 'Bearer realm="wumei"'
        return response

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return respond(request, 404, NOT_FOUND)

    @api.exception_handler(PermissionDenied)
    def forbidden(request, exc):
        return respond(request, 403, str(exc) or FORBIDDEN)

    @api.exception_handler(ConflictError)
    def conflict(request, exc):
        return respond(request, 409, exc.message)

    @api.exception_handler(DjangoValidationError)
    def invalid(request, exc):
        return respond(request, 422, _django_validation_error(exc))

    @api.exception_handler(NinjaValidationError)
    def invalid_schema(request, exc):
        detail = []
        for error in exc.errors:
            field = _field_name(error.get("loc", ()))
            if field is None and error.get("type") == "missing":
                message = "缺少请求内容（JSON 对象）"
            else:
                message = _pydantic_message(error)
            detail.append({"field": field, "message": message})
        return respond(request, 422, detail)

    @api.exception_handler(HttpError)
    def http_error(request, exc):
        if exc.status_code == 400 and exc.message.startswith("Cannot parse request body"):
            return respond(request, 422, [{"field": None, "message": "请求内容不是有效的 JSON"}])
        return respond(request, exc.status_code, exc.message)
