from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from wumei.ops.health import run_checks


@never_cache
@require_safe
def healthz(request):
    """Open to all (it reveals no data): 200 when every check passes, 503 otherwise."""
    healthy, report = run_checks()
    return JsonResponse(report, status=200 if healthy else 503, json_dumps_params={"ensure_ascii": False})
