"""问题办理: the API side, scoped exactly like the pages and written through the app's services."""

from ninja import Router

router = Router(tags=["问题办理"])
