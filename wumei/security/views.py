"""Pages of the sign-in flow (second factor, enrolment, password change) and the account pages."""

import base64
import io

import django_otp
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from wumei.org.models import Role
from wumei.security import flow, forms, queries, services
from wumei.security.permissions import can_keep_security, can_read_accounts, can_reset_passwords, may_act_on

PAGE_SIZE = 50


# Second factor ---------------------------------------------------------------------------------------------


def _locked(request):
    return render(request, "web/locked.html", status=429)


@require_http_methods(["GET", "POST"])
def otp_verify(request):
    """The 6-digit code of the user's authenticator after his password."""
    user, next_url = flow.pending_sign_in(request)
    if user is None:
        messages.info(request, "登录已超时，请重新输入用户名和密码。")
        return redirect("web:login")
    device = services.confirmed_device(user)
    if device is None:
        return redirect("web:otp-enrol")
    form = forms.TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if flow.locked_out(request, user):
            return _locked(request)
        verified = django_otp.verify_token(user, device.persistent_id, form.cleaned_data["token"])
        if verified is not None:
            return flow.complete_sign_in(request, user, next_url, verified)
        flow.code_failed(request, user)
        form.add_error("token", "动态口令不正确或已过期，请输入验证器中当前显示的 6 位数字。")
    return render(request, "security/otp_verify.html", {"form": form, "account": user})


@require_http_methods(["GET", "POST"])
def otp_enrol(request):
    """First sign-in of a user who needs a second factor: bind an authenticator app, confirm with a code."""
    user, next_url = flow.pending_sign_in(request)
    if user is None:
        messages.info(request, "登录已超时，请重新输入用户名和密码。")
        return redirect("web:login")
    if services.confirmed_device(user) is not None:
        return redirect("web:otp-verify")
    device = services.enrolment_device(user)
    form = forms.TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if flow.locked_out(request, user):
            return _locked(request)
        if services.confirm_enrolment(user, device, form.cleaned_data["token"]):
            messages.success(request, "两步验证已启用，今后登录时请输入验证器中的动态口令。")
            return flow.complete_sign_in(request, user, next_url, device)
        flow.code_failed(request, user)
        form.add_error("token", "动态口令不正确，请确认手机时间准确，并输入验证器中当前显示的 6 位数字。")
    secret = base64.b32encode(device.bin_key).decode()
    return render(request, "security/otp_enrol.html", {
        "form": form, "account": user,
        "secret": " ".join(secret[i:i + 4] for i in range(0, len(secret), 4)),
        "uri": device.config_url, "qr_svg": _qr_svg(device.config_url),
    })


def _qr_svg(data: str) -> str:
    """The otpauth URI as an inline SVG QR code (no image file, nothing from the network)."""
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    out = io.BytesIO()
    image.save(out)
    svg = out.getvalue().decode()
    return svg[svg.index("<svg"):]  # without the XML declaration


# Own password ----------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def password_change(request):
    form = forms.OwnPasswordForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.change_password(request.user, form.cleaned_data["new_password1"])
        update_session_auth_hash(request, request.user)
        request.session.pop(flow.MUST_CHANGE_KEY, None)
        messages.success(request, "密码已修改。")
        return redirect("web:home")
    return render(request, "security/password_change.html", {
        "form": form, "forced": request.session.get(flow.MUST_CHANGE_KEY),
    })


# Accounts (security and system administrators) -------------------------------------------------------------


STATES = [("", "全部状态"), ("active", "启用"), ("disabled", "已停用"), ("no_2fa", "未启用两步验证")]


@login_required
@require_http_methods(["GET"])
def account_list(request):
    if not can_read_accounts(request.user):
        raise PermissionDenied
    q = request.GET.get("q", "").strip()
    state = request.GET.get("state", "")
    accounts = queries.accounts_visible_to(request.user)
    if q:
        accounts = accounts.filter(Q(username__icontains=q) | Q(person__name__icontains=q))
    if state == "active":
        accounts = accounts.filter(is_active=True)
    elif state == "disabled":
        accounts = accounts.filter(is_active=False)
    rows = queries.with_state(accounts).order_by("username")
    if state == "no_2fa":
        rows = rows.filter(has_two_factor=False)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    _annotate(page.object_list)
    return render(request, "security/account_list.html", {
        "page": page, "q": q, "state": state, "states": STATES, "policy": _policy(),
    })


@login_required
@require_http_methods(["GET"])
def account_detail(request, pk):
    if not can_read_accounts(request.user):
        raise PermissionDenied
    account = get_object_or_404(queries.with_state(queries.accounts_visible_to(request.user)), pk=pk)
    _annotate([account])
    may_act = may_act_on(request.user, account)
    return render(request, "security/account_detail.html", {
        "account": account,
        "can_keep_security": may_act and can_keep_security(request.user),
        "can_reset_password": may_act and can_reset_passwords(request.user),
    })


def _annotate(accounts) -> None:
    accounts = list(accounts)
    locked = queries.locked_usernames([a.username for a in accounts])
    now = timezone.now()
    for account in accounts:
        account.is_locked = account.username in locked
        state = getattr(account, "security", None)
        changed = state.password_changed_at if state is not None else None
        account.password_age_days = (now - changed).days if changed else None
        account.must_change = bool(state and state.must_change_password)
        account.is_demo = bool(state and state.is_demo)


def _policy() -> list[tuple[str, str]]:
    from django.conf import settings

    age = f"{settings.PASSWORD_MAX_AGE_DAYS} 天" if settings.PASSWORD_MAX_AGE_DAYS else "不过期"
    two_factor = "全部用户" if settings.TWO_FACTOR_FOR_ALL else "、".join(
        Role(r).label for r in settings.TWO_FACTOR_ROLES if r in Role.values)
    return [
        ("等保级别", f"第{settings.SECURITY_LEVEL}级"),
        ("密码长度", f"至少 {settings.PASSWORD_MIN_LENGTH} 位，含 {settings.PASSWORD_MIN_CLASSES} 类以上字符"),
        ("密码有效期", age),
        ("历史密码", f"最近 {settings.PASSWORD_HISTORY} 次不得重复"),
        ("登录失败锁定", f"连续 {settings.AXES_FAILURE_LIMIT} 次失败锁定 {int(settings.AXES_COOLOFF_TIME * 60)} 分钟"),
        ("空闲超时", f"{settings.SESSION_COOKIE_AGE // 60} 分钟（管理员 {settings.ADMIN_IDLE_MINUTES} 分钟）"),
        ("会话最长", f"{settings.SESSION_MAX_HOURS} 小时"),
        ("两步验证", two_factor or "不要求"),
    ]


def _target(request, pk, allowed) -> object:
    """The account to act on: in scope (else 404), and the actor allowed to act on it (else 403)."""
    if not allowed(request.user):
        raise PermissionDenied
    account = get_object_or_404(queries.accounts_visible_to(request.user), pk=pk)
    if not may_act_on(request.user, account):
        raise PermissionDenied
    return account


@login_required
@require_POST
def account_disable(request, pk):
    account = _target(request, pk, can_keep_security)
    services.disable_user(request.user, account)
    messages.success(request, f"已停用账号 {account.username}，其登录会话和接口令牌均已失效。")
    return redirect("web:account-detail", pk=account.pk)


@login_required
@require_POST
def account_enable(request, pk):
    account = _target(request, pk, can_keep_security)
    services.enable_user(request.user, account)
    messages.success(request, f"已启用账号 {account.username}。")
    return redirect("web:account-detail", pk=account.pk)


@login_required
@require_POST
def account_unlock(request, pk):
    account = _target(request, pk, can_keep_security)
    services.unlock_user(request.user, account)
    messages.success(request, f"已解除账号 {account.username} 的登录锁定。")
    return redirect("web:account-detail", pk=account.pk)


@login_required
@require_POST
def account_reset_two_factor(request, pk):
    account = _target(request, pk, can_keep_security)
    services.reset_two_factor(request.user, account)
    messages.success(request, f"已重置账号 {account.username} 的两步验证，其下次登录时须重新绑定验证器。")
    return redirect("web:account-detail", pk=account.pk)


@login_required
@require_http_methods(["GET", "POST"])
def account_reset_password(request, pk):
    account = _target(request, pk, can_reset_passwords)
    form = forms.ResetPasswordForm(request.POST or None, account=account)
    if request.method == "POST" and form.is_valid():
        services.reset_password(request.user, account, form.cleaned_data["password1"])
        messages.success(request, f"已重置账号 {account.username} 的密码，请将初始密码当面告知本人；其下次登录时须修改密码。")
        return redirect("web:account-detail", pk=account.pk)
    return render(request, "security/account_reset_password.html", {"form": form, "account": account})
