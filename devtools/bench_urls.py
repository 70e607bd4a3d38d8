"""The site's URLs plus a trivial view, the page benchmark's yardstick (devtools.bench_settings).

The trivial view goes through the same gunicorn and middleware as every page but does no
work of its own: a page's requests per second as a share of its requests per second say
what the page itself costs.
"""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from config.urls import handler500
from config.urls import urlpatterns as site_urlpatterns

TRIVIAL_PATH = "/bench/trivial/"


def trivial(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path(TRIVIAL_PATH.strip("/") + "/", trivial), *site_urlpatterns]

__all__ = ["handler500", "urlpatterns"]
