"""`wumei revoke_api_token PREFIX`: revoke the token whose key starts with PREFIX."""

from django.core.management.base import BaseCommand, CommandError

from wumei.api.models import ApiToken
from wumei.api.services import revoke_api_token


class Command(BaseCommand):
    help = "吊销接口令牌（按创建时显示的前缀）。"

    def add_arguments(self, parser):
        parser.add_argument("prefix", help="令牌前缀，如 wm_AbCd1234（list_api_tokens 可查看）")

    def handle(self, *args, prefix: str, **options):
        tokens = list(ApiToken.objects.filter(prefix=prefix, revoked_at__isnull=True).select_related("user"))
        if not tokens:
            raise CommandError(f"没有前缀为「{prefix}」的有效令牌")
        for token in tokens:
            revoke_api_token("命令行", token)
            self.stdout.write(f"已吊销用户「{token.user.get_username()}」的令牌 {token}")
