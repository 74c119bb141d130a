"""The HTTP API, /api/v1/: one NinjaAPI with token authentication and Chinese errors."""

from ninja import NinjaAPI
from ninja.renderers import JSONRenderer

from wumei.api import daily, errors, org, problems, projects, weekly
from wumei.api.auth import ApiTokenAuth

DESCRIPTION = """\
五每重点项目调度系统的数据接口。数据范围与页面完全一致：看不到的对象返回 404，能看不能改的返回 403。

- 认证：请求头 `Authorization: Bearer <令牌>`。令牌由系统管理员用 `wumei create_api_token 用户名` 创建，只显示一次。
- 金额：以万元为单位的十进制字符串，字段名以 `_wan` 结尾（如 `"total_investment_wan": "750000.0000"`），不使用浮点数。
- 日期：ISO 8601（`2026-03-01`）。
- 错误：`{"detail": "说明"}`；输入有误时为 422，`{"detail": [{"field": "字段", "message": "说明"}]}`。
- 列表：`page`、`page_size`（最多 200）分页，返回 `items` 与 `count`。

本系统部署在政务内网，不提供需从互联网加载脚本的在线交互文档；请将本 openapi.json 导入本地工具使用。
"""

class ChineseJSONRenderer(JSONRenderer):
    """UTF-8 JSON with Chinese as it is, not as \\u escapes: readable in any log or terminal."""

    json_dumps_params = {"ensure_ascii": False}


class WumeiAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation) -> str:
        # `list_projects` rather than ninja's default `wumei_api_projects_list_projects`.
        return operation.view_func.__name__


api = WumeiAPI(
    title="五每 重点项目调度系统 API",
    version="1",
    description=DESCRIPTION,
    # Interactive docs would load Swagger UI from a CDN; government intranets have no internet.
    docs_url=None,
    urls_namespace="api",
    auth=ApiTokenAuth(),
    renderer=ChineseJSONRenderer(),
)
errors.install(api)
api.add_router("/", projects.router)
api.add_router("/", org.router)
api.add_router("/", daily.router)
api.add_router("/", weekly.router)
api.add_router("/", problems.router)
