"""Page-number pagination whose bad page numbers are a clear 400, never a 404 or a 500."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.views import APIView

from attendance_app.api.validation import FieldErrors, parse_integer


class StrictPageNumberPagination(PageNumberPagination):
    """``?page=`` and ``?page_size=`` (at most 100), answered as ``{count, next, previous, results}``.

    DRF quietly clamps a page size over the maximum and answers a wrong page with 404; a client
    that asked for 500 rows or page "two" learns what it did wrong instead.
    """

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100

    def paginate_queryset(
        self, queryset: QuerySet[Any, Any] | Sequence[Any], request: Request, view: APIView | None = None
    ) -> list[Any]:
        errors = FieldErrors()
        page_size = self._whole_number(request, self.page_size_query_param, self.page_size, errors)
        if "page_size" not in errors and not 1 <= page_size <= self.max_page_size:
            errors.add(
                "page_size",
                _("Enter a number from {minimum} to {maximum}.").format(
                    minimum=1, maximum=self.max_page_size
                ),
            )
        number = self._whole_number(request, self.page_query_param, 1, errors)
        if "page" not in errors and number < 1:
            errors.add("page", _("Pages are numbered from 1."))
        errors.raise_if_any(_("Some query parameters are not valid."))
        paginator = Paginator(queryset, page_size)
        if number > paginator.num_pages:
            errors.add(
                "page",
                _("There is no page {number}; the last page is {last}.").format(
                    number=number, last=paginator.num_pages
                ),
            )
            errors.raise_if_any(_("Some query parameters are not valid."))
        self.page = paginator.page(number)
        self.request = request
        return list(self.page)

    @staticmethod
    def _whole_number(request: Request, name: str, default: int, errors: FieldErrors) -> int:
        raw = request.query_params.get(name)
        if raw is None or raw == "":
            return default
        value = parse_integer(raw)
        if value is None or raw.strip() != raw:
            errors.add(name, _("Enter a whole number."))
            return default
        return value
