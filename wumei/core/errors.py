"""Errors services raise; their messages are shown to users as they are (Chinese)."""

from django.core.exceptions import PermissionDenied, ValidationError

__all__ = ["ConflictError", "PermissionDenied", "ValidationError"]


class ConflictError(Exception):
    """Someone else changed the object since it was read (optimistic locking)."""

    def __init__(self, message: str = "该记录已被他人修改，请刷新页面后重新填写"):
        super().__init__(message)
        self.message = message
