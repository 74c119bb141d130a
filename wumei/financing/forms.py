"""Forms of the financing follow-up: a request, a follow-up (with a status change), the list's filter."""

import datetime

from django import forms

from wumei.core.money import MoneyError, parse_wan
from wumei.financing.models import LoanRequest

SELECT = {"class": "form-select"}
TEXT = {"class": "form-control"}
DATE = {"class": "form-control", "type": "date"}


class WanField(forms.CharField):
    """An amount in 万元 (accepts “1.2亿”, “3,000”, “500万”)."""

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        try:
            return parse_wan(value)
        except MoneyError as exc:
            raise forms.ValidationError(f"{self.label}：{exc}") from exc


class RequestForm(forms.Form):
    enterprise = forms.ModelChoiceField(label="企业", queryset=None, widget=forms.Select(attrs=SELECT))
    project = forms.ModelChoiceField(label="项目", queryset=None, required=False, empty_label="（不涉及具体项目）",
                                     widget=forms.Select(attrs=SELECT))
    bank = forms.CharField(label="银行（金融机构）", max_length=64, widget=forms.TextInput(attrs=TEXT))
    amount = WanField(label="申请金额（万元）", widget=forms.TextInput(attrs={**TEXT, "inputmode": "decimal"}))
    purpose = forms.CharField(label="贷款用途", widget=forms.Textarea(attrs={**TEXT, "rows": 2}))
    requested_on = forms.DateField(label="提出日期", widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))

    def __init__(self, *args, enterprises, projects, today: datetime.date, **kwargs):
        kwargs.setdefault("initial", {"requested_on": today})
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = enterprises
        self.fields["project"].queryset = projects
        if enterprises.count() == 1:
            self.fields["enterprise"].initial = enterprises.first().pk


class FollowUpForm(forms.Form):
    on = forms.DateField(label="跟进日期", widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))
    note = forms.CharField(label="跟进情况", widget=forms.Textarea(attrs={**TEXT, "rows": 2}))
    status = forms.ChoiceField(label="变更状态", required=False, widget=forms.Select(attrs=SELECT))
    granted_amount = WanField(label="放款金额（万元）", required=False, widget=forms.TextInput(attrs=TEXT))
    refused_reason = forms.CharField(label="未获批原因", required=False, widget=forms.TextInput(attrs=TEXT))

    def __init__(self, *args, statuses: list[str], today: datetime.date, **kwargs):
        kwargs.setdefault("initial", {"on": today})
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", "（不变）")] + [
            (value, label) for value, label in LoanRequest.Status.choices if value in statuses]
        if not statuses:
            for name in ("status", "granted_amount", "refused_reason"):
                del self.fields[name]


class FilterForm(forms.Form):
    status = forms.ChoiceField(label="状态", required=False, choices=[("", "全部状态"), *LoanRequest.Status.choices],
                               widget=forms.Select(attrs=SELECT))
    year = forms.IntegerField(label="年份", required=False, min_value=2000, max_value=2100,
                              widget=forms.NumberInput(attrs=TEXT))
