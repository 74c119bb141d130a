"""Personal data on screen: phone numbers are shown masked (138****1234) to everyone; the roles that may see
them (wumei.org.permissions.FULL_PHONE_VIEWERS: the HQ office, the system administrator) reveal one number at
a time with the 「显示」 button, and every reveal is an audit event ("person.reveal_phone").

The template side is web/_phone.html: `{% include "web/_phone.html" with person=… %}`.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_POST

from wumei.audit.services import record
from wumei.org.models import Person
from wumei.org.permissions import mask_phone, sees_full_phone
from wumei.org.queries import people_visible_to

REVEAL_ACTION = "person.reveal_phone"


def reveal_phone(actor, person: Person) -> str:
    """The full number of `person`, for a user allowed to see it; recorded in the audit log."""
    if not sees_full_phone(actor):
        raise PermissionDenied("您无权查看完整手机号码")
    with transaction.atomic():
        record(actor, REVEAL_ACTION, person, after={"phone": mask_phone(person.phone)},
               note=f"查看 {person.name} 的完整手机号码", region_code=getattr(person.region, "code", ""))
    return person.phone


@require_POST
def reveal_phone_view(request, pk: int):
    """htmx: the masked number and its button are replaced by the full number (a tel: link)."""
    if not request.user.is_authenticated:
        raise PermissionDenied
    person = get_object_or_404(people_visible_to(request.user).select_related("region"), pk=pk)
    phone = reveal_phone(request.user, person)
    return render(request, "web/_phone_revealed.html", {"phone": phone})
