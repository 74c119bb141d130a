from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from wumei.core.errors import ValidationError
from wumei.notify import rules
from wumei.notify.conf import conf
from wumei.notify.forms import PreferenceForm
from wumei.notify.models import Message, OutboxItem
from wumei.notify.services import (
    mark_read,
    may_manage_outbox,
    phone_of,
    preference_of,
    retry_item,
    save_preference,
)

SHOW = {"all": "全部", "unread": "未读"}


def _inbox_url(show: str) -> str:
    return reverse("notify:inbox") + ("?show=unread" if show == "unread" else "")


@login_required
def inbox(request):
    show = request.GET.get("show") if request.GET.get("show") in SHOW else "all"
    messages = Message.objects.filter(recipient=request.user)
    if show == "unread":
        messages = messages.filter(read_at__isnull=True)
    page = Paginator(messages, 30).get_page(request.GET.get("page"))
    return render(request, "notify/inbox.html", {
        "page": page, "page_range": page.paginator.get_elided_page_range(page.number), "show": show, "shows": SHOW,
    })


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
def read_message(request, pk: int):
    message = get_object_or_404(Message, pk=pk, recipient=request.user)
    mark_read(request.user, [message.pk])
    return redirect(_inbox_url(request.POST.get("show", "")))


@login_required
@require_POST
def read_all(request):
    mark_read(request.user)
    return redirect("notify:inbox")


@login_required
def preferences(request):
    pref = preference_of(request.user)
    cfg = conf()
    if request.method == "POST":
        form = PreferenceForm(request.POST)
        if form.is_valid():
            try:
                save_preference(request.user, form.cleaned_data, cfg)
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                flash.success(request, "通知设置已保存")
                return redirect("notify:preferences")
    else:
        form = PreferenceForm(initial={name: getattr(pref, name) for name in (
            "email", "email_enabled", "webhook_url", "webhook_format", "webhook_enabled", "sms_enabled")})
    phone = phone_of(request.user)
    return render(request, "notify/preferences.html", {
        "form": form, "has_secret": bool(pref.webhook_secret), "cfg": cfg,
        "phone": rules.mask_address("sms", phone) if phone else "",
    })


def _outbox_admin(request) -> None:
    if not may_manage_outbox(request.user):
        raise Http404


@login_required
def outbox(request):
    _outbox_admin(request)
    status = request.GET.get("status", "")
    items = OutboxItem.objects.select_related("message__recipient__person")
    if status in OutboxItem.Status.values:
        items = items.filter(status=status)
    page = Paginator(items, 50).get_page(request.GET.get("page"))
    for item in page:
        item.masked_address = rules.mask_address(item.channel, item.address)
    return render(request, "notify/outbox.html", {
        "page": page, "page_range": page.paginator.get_elided_page_range(page.number), "status": status,
        "statuses": OutboxItem.Status.choices,
    })


@login_required
@require_POST
def outbox_retry(request, pk: int):
    _outbox_admin(request)
    try:
        retry_item(request.user, pk)
    except ValidationError as exc:
        flash.error(request, "；".join(exc.messages))
    else:
        flash.success(request, "已重新排入发送队列")
    status = request.POST.get("status", "")
    return redirect(reverse("notify:outbox") + (f"?status={status}" if status in OutboxItem.Status.values else ""))
