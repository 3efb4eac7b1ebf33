"""The product's URLs plus /bench/insert/: a bare Django view that inserts
one row, the baseline the API create is compared with."""

from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse
from django.urls import include, path
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt


@csrf_exempt
def insert_one_row(request: HttpRequest) -> HttpResponse:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO bench_row (created_at, note) VALUES (%s, %s)",
            [timezone.now(), request.body[:200].decode("utf-8", "replace")],
        )
    return HttpResponse(status=201)


urlpatterns = [
    path("bench/insert/", insert_one_row),
    path("", include("tandem.urls")),
]
