import platform

import django
from django.db import connection
from django.http import JsonResponse


def index(request):
    return JsonResponse({"app": "site_app", "django": django.get_version(), "python": platform.python_version()})


def health(request):
    """Reports whether the configured database answers."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # reported, not raised: this is a probe
        return JsonResponse({"database": connection.vendor, "ok": False, "error": str(exc)}, status=503)
    return JsonResponse({"database": connection.vendor, "ok": True})
