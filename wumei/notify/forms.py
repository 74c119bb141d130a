from django import forms

from wumei.notify.models import Preference


class PreferenceForm(forms.Form):
    email_enabled = forms.BooleanField(label="接收邮件", required=False)
    email = forms.EmailField(label="电子邮箱", required=False, max_length=254,
                             error_messages={"invalid": "请输入有效的电子邮箱地址"})
    webhook_enabled = forms.BooleanField(label="接收群机器人消息", required=False)
    webhook_format = forms.ChoiceField(label="机器人类型", choices=Preference.WebhookFormat.choices)
    webhook_url = forms.URLField(label="Webhook 地址", required=False, max_length=500, assume_scheme="https",
                                 error_messages={"invalid": "请输入有效的 Webhook 地址"})
    webhook_secret = forms.CharField(label="加签密钥（钉钉，选填）", required=False, max_length=200,
                                     widget=forms.PasswordInput(render_value=False),
                                     help_text="留空则保留原密钥")
    clear_secret = forms.BooleanField(label="清除已保存的密钥", required=False)
    sms_enabled = forms.BooleanField(label="接收短信", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            css = "form-check-input" if isinstance(field, forms.BooleanField) else (
                "form-select" if isinstance(field, forms.ChoiceField) else "form-control")
            field.widget.attrs["class"] = css
