"""`wumei create_api_token USERNAME [--name NAME]`: issue an API token and print its key, once."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from wumei.api.models import ApiToken
from wumei.api.services import create_api_token


def _label(field: str) -> str:
    names = {f.name: str(f.verbose_name) for f in ApiToken._meta.fields}
    return names.get(field, "令牌")


class Command(BaseCommand):
    help = "为用户创建接口令牌；令牌只显示这一次。"

    def add_arguments(self, parser):
        parser.add_argument("username", help="登录账号")
        parser.add_argument("--name", default="", help="令牌名称，便于区分用途，如「数据大屏」")

    def handle(self, *args, username: str, name: str, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"用户「{username}」不存在")
        if not user.is_active:
            raise CommandError(f"用户「{username}」已停用，不能创建令牌")
        try:
            token, key = create_api_token("命令行", user, name)
        except ValidationError as exc:
            raise CommandError("；".join(f"{_label(field)}：{'，'.join(messages)}"
                                        for field, messages in exc.message_dict.items())) from exc
        self.stderr.write(f"已为用户「{username}」创建接口令牌（前缀 {token.prefix}）。"
                          "令牌只显示这一次，请立即妥善保存：")
        # The key alone on stdout, so that scripts can capture it: `KEY=$(wumei create_api_token …)`.
        self.stdout.write(key)
