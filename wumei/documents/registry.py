"""Document kinds: which app builds which document, and who may see it.

Apps that issue documents register a context builder in their AppConfig.ready():

    register_builder("letter", build_letter_document, can_view=user_can_view_letter, label="督办函")

`build(object_id) -> OfficialDocument` is a pure function of the records (it raises the model's
DoesNotExist for an unknown id); `can_view(user, object_id) -> bool` answers for the user's scope.
Without a `can_view`, nobody may download the kind through the web.
"""

from collections.abc import Callable
from dataclasses import dataclass

from wumei.documents.types import OfficialDocument

Builder = Callable[[int], OfficialDocument]
Visibility = Callable[[object, int], bool]


class UnknownKind(LookupError):
    pass


@dataclass(frozen=True)
class DocumentKind:
    name: str
    build: Builder
    can_view: Visibility | None = None
    label: str = ""

    def visible_to(self, user, object_id: int) -> bool:
        return self.can_view is not None and bool(self.can_view(user, object_id))


_KINDS: dict[str, DocumentKind] = {}


def register_builder(kind: str, fn: Builder, can_view: Visibility | None = None, label: str = "") -> DocumentKind:
    """Register (or replace, on a reload) the builder of one document kind."""
    entry = DocumentKind(kind, fn, can_view, label)
    _KINDS[kind] = entry
    return entry


def unregister_builder(kind: str) -> None:
    _KINDS.pop(kind, None)


def get_kind(kind: str) -> DocumentKind:
    try:
        return _KINDS[kind]
    except KeyError:
        raise UnknownKind(kind) from None


def kinds() -> dict[str, DocumentKind]:
    return dict(_KINDS)
