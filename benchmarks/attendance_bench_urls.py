"""The site's URLs and one more, for `attendance_register.py` only: a bare view that inserts
one row (the yardstick of the registration's throughput, through the same middleware, server
and database)."""

from django.db import connection, transaction
from django.http import HttpResponseBadRequest, HttpResponseRedirect
from django.urls import path
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from yingcai.core.access import public
from yingcai.urls import handler403, handler404, handler429, handler500
from yingcai.urls import urlpatterns as site

BARE_TABLE = "bench_bare_row"

__all__ = ["handler403", "handler404", "handler429", "handler500", "urlpatterns"]


@public
@csrf_exempt
@require_POST
def bare(request):
    name = request.POST.get("name", "")
    if not name:
        return HttpResponseBadRequest()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {BARE_TABLE} (name, created_at) VALUES (%s, CURRENT_TIMESTAMP)",  # noqa: S608
            [name[:100]],
        )
    return HttpResponseRedirect("/bench/bare/done/")


urlpatterns = [path("bench/bare/", bare), *site]
