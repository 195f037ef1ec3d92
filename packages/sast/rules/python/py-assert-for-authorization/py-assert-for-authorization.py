from django.core.exceptions import PermissionDenied
from django.http import JsonResponse

from .models import Order


def delete_order(request, order_id: int):
    # ruleid: py-assert-for-authorization
    assert request.user.is_authenticated
    order = Order.objects.get(pk=order_id)
    # ruleid: py-assert-for-authorization
    assert request.user.has_perm("shop.delete_order") or order.owner == request.user, "forbidden"
    order.delete()
    return JsonResponse({"deleted": order_id})


def admin_export(user, rows):
    # ruleid: py-assert-for-authorization
    assert user.is_superuser
    return [r.to_dict() for r in rows]


def change_password(user, old: str, new: str):
    # ruleid: py-assert-for-authorization
    assert user.check_password(old), "wrong password"
    user.set_password(new)


def checked(request, rows):
    if not request.user.has_perm("shop.view_report"):
        raise PermissionDenied
    # ok: py-assert-for-authorization
    assert isinstance(rows, list)
    # ok: py-assert-for-authorization
    assert len(rows) < 10_000, "too many rows"
    return rows
