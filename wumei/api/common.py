"""Small pieces every router uses: paging and the documented error responses."""

from django.db.models import QuerySet

from wumei.api.schemas import ErrorOut, PageQuery, ValidationErrorOut

READ_ERRORS = {401: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut}
WRITE_ERRORS = {**READ_ERRORS, 403: ErrorOut, 409: ErrorOut}


def paginate(qs: QuerySet, query: PageQuery) -> dict:
    """One page of `qs` and the total count: two queries, whatever the page size."""
    start = (query.page - 1) * query.page_size
    return {"items": list(qs[start:start + query.page_size]), "count": qs.count(), "page": query.page,
            "page_size": query.page_size}
