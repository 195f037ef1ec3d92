import json

from django.http import HttpResponse, JsonResponse
from django.urls import path
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST


# ruleid: py-django-csrf-exempt
@csrf_exempt
@require_POST
def update_profile(request):
    data = json.loads(request.body)
    request.user.profile.bio = data.get("bio", "")
    request.user.profile.save()
    return JsonResponse({"ok": True})


# ruleid: py-django-csrf-exempt
@method_decorator(csrf_exempt, name="dispatch")
class TransferView(View):
    def post(self, request):
        return HttpResponse(status=204)


# ok: py-django-csrf-exempt
@csrf_protect
def change_email(request):
    # csrf_exempt is deliberately not used here
    return HttpResponse("ok")


def legacy_hook(request):
    return HttpResponse("ok")


urlpatterns = [
    # ruleid: py-django-csrf-exempt
    path("hooks/legacy/", csrf_exempt(legacy_hook)),
    # ok: py-django-csrf-exempt
    path("profile/email/", change_email),
]
