from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from wumei.notify.models import Message
from wumei.notify.services import mark_read


@login_required
def inbox(request):
    messages = Message.objects.filter(recipient=request.user)
    page = Paginator(messages, 30).get_page(request.GET.get("page"))
    return render(request, "notify/inbox.html", {"page": page})


@login_required
@require_POST
def open_message(request, pk: int):
    message = get_object_or_404(Message, pk=pk, recipient=request.user)
    mark_read(request.user, [message.pk])
    if message.url and url_has_allowed_host_and_scheme(message.url, allowed_hosts={request.get_host()}):
        return redirect(message.url)
    return redirect("notify:inbox")


@login_required
@require_POST
def read_all(request):
    mark_read(request.user)
    return redirect("notify:inbox")
