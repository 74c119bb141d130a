"""`wumei list_api_tokens [USERNAME]`: the tokens, by prefix (keys are never stored, so never shown)."""

from django.core.management.base import BaseCommand
from django.utils.timezone import localtime

from wumei.api.models import ApiToken


class Command(BaseCommand):
    help = "列出接口令牌（只显示前缀）。"

    def add_arguments(self, parser):
        parser.add_argument("username", nargs="?", default="", help="只看该用户的令牌")

    def handle(self, *args, username: str, **options):
        tokens = ApiToken.objects.select_related("user").order_by("user__username", "created_at")
        if username:
            tokens = tokens.filter(user__username=username)
        for token in tokens:
            state = f"已吊销于 {localtime(token.revoked_at):%Y-%m-%d %H:%M}" if token.revoked_at else "有效"
            used = f"{localtime(token.last_used_at):%Y-%m-%d %H:%M}" if token.last_used_at else "从未使用"
            self.stdout.write(f"{token.prefix}\t{token.user.get_username()}\t{token.name or '-'}\t"
                              f"创建于 {localtime(token.created_at):%Y-%m-%d %H:%M}\t最近使用 {used}\t{state}")
        if not tokens:
            self.stdout.write("没有接口令牌")
