"""Forms of the sign-in flow and the account pages (Tabler classes, Chinese labels and messages)."""

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm

from wumei.security import services

DEMO_REFUSED = "该账号为演示账号，只能在演示环境中使用，已拒绝登录。"


class SignInForm(AuthenticationForm):
    """Django's sign-in form; demo accounts are refused outside a demo installation."""

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if services.is_demo_account(user) and not settings.DEMO:
            if self.request is not None:
                services.record_sign_in_failure(self.request, user.get_username(), reason="演示账号在非演示环境中登录，已拒绝")
            raise forms.ValidationError(DEMO_REFUSED, code="demo_account")


def _style(form) -> None:
    for field in form.fields.values():
        field.widget.attrs.setdefault("class", "form-control")


class TokenForm(forms.Form):
    token = forms.CharField(label="动态口令", min_length=6, max_length=6, strip=True,
                            widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code",
                                                          "pattern": "[0-9]{6}", "autofocus": True}),
                            error_messages={"required": "请输入 6 位动态口令",
                                            "min_length": "动态口令为 6 位数字", "max_length": "动态口令为 6 位数字"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)

    def clean_token(self):
        token = self.cleaned_data["token"]
        if not token.isdigit():
            raise forms.ValidationError("动态口令为 6 位数字")
        return token


class OwnPasswordForm(PasswordChangeForm):
    """A user changes his password: the current one, then the new one twice (checked by the policy)."""

    error_messages = {
        "password_incorrect": "原密码不正确，请重新输入",
        "password_mismatch": "两次输入的新密码不一致",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = "原密码"
        self.fields["new_password1"].label = "新密码"
        self.fields["new_password1"].help_text = " ".join(password_validation.password_validators_help_texts())
        self.fields["new_password2"].label = "确认新密码"
        self.fields["new_password2"].help_text = ""
        _style(self)


class ResetPasswordForm(forms.Form):
    """The system administrator sets a new initial password for an account."""

    password1 = forms.CharField(label="新的初始密码", strip=False, widget=forms.PasswordInput(render_value=False))
    password2 = forms.CharField(label="确认初始密码", strip=False, widget=forms.PasswordInput(render_value=False))

    def __init__(self, *args, account, **kwargs):
        super().__init__(*args, **kwargs)
        self.account = account
        self.fields["password1"].help_text = " ".join(password_validation.password_validators_help_texts())
        _style(self)

    def clean(self):
        data = super().clean()
        password1, password2 = data.get("password1"), data.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", "两次输入的密码不一致")
        elif password1:
            try:
                password_validation.validate_password(password1, user=self.account)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data
