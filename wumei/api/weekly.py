"""每周必访: the API side, scoped exactly like the pages and written through the app's services."""

from ninja import Router

router = Router(tags=["每周必访"])
