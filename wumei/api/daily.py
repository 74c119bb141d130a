"""每日必盯: the API side, scoped exactly like the pages and written through the app's services."""

from ninja import Router

router = Router(tags=["每日必盯"])
