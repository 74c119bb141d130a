"""Forms of factor requests: the list's filters, a new request, the HQ office's actions, land cleanup figures."""

import datetime

from django import forms
from django.db.models import QuerySet

from wumei.factors.models import FactorRequest, LandCleanup
from wumei.factors.services import LAND_FIGURES
from wumei.org.models import Unit

SELECT = {"class": "form-select"}
TEXT = {"class": "form-control"}
DATE = {"class": "form-control", "type": "date"}
NUMBER = {"class": "form-control", "inputmode": "decimal"}
AREA = {"class": "form-control text-end", "inputmode": "decimal"}
STATUS_CHOICES = [("", "全部状态"), ("open", "未办结（已申请/会商中/已议定）"), *FactorRequest.Status.choices]


class ProjectChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name


class RequestFilterForm(forms.Form):
    kind = forms.ChoiceField(label="要素类别", required=False, choices=[("", "全部要素"), *FactorRequest.Kind.choices],
                             widget=forms.Select(attrs=SELECT))
    status = forms.ChoiceField(label="状态", required=False, choices=STATUS_CHOICES, widget=forms.Select(attrs=SELECT))
    overdue = forms.BooleanField(label="只看逾期未保障", required=False,
                                 widget=forms.CheckboxInput(attrs={"class": "form-check-input"}))

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v}


class RequestForm(forms.Form):
    project = ProjectChoiceField(label="项目", queryset=None, widget=forms.Select(attrs=SELECT))
    kind = forms.ChoiceField(label="要素类别", choices=FactorRequest.Kind.choices, widget=forms.Select(attrs=SELECT),
                             help_text="计量单位：用地 亩，用水 吨/天，用电 kVA，用气 立方米/天，用能 吨标准煤，"
                                       "环境容量 吨/年，资金 万元，用工 人")
    quantity = forms.DecimalField(label="申请数量", max_digits=16, decimal_places=4, widget=forms.TextInput(attrs=NUMBER),
                                  error_messages={"invalid": "申请数量请填写数字"})
    land_source = forms.ChoiceField(label="用地指标来源（用地需求必填）", required=False,
                                    choices=[("", "—"), *FactorRequest.LandSource.choices],
                                    widget=forms.Select(attrs=SELECT))
    fund_channel = forms.ChoiceField(label="资金渠道（资金需求必填）", required=False,
                                     choices=[("", "—"), *FactorRequest.FundChannel.choices],
                                     widget=forms.Select(attrs=SELECT))
    sub_kind = forms.CharField(label="污染物/细类（环境容量必填）", required=False, max_length=64,
                               widget=forms.TextInput(attrs=TEXT))
    need_by = forms.DateField(label="需保障日期", widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
                              error_messages={"invalid": "需保障日期格式不正确"})
    purpose = forms.CharField(label="需求说明", required=False, widget=forms.Textarea(attrs={**TEXT, "rows": 3}))

    def __init__(self, *args, projects, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = projects


class ConsultForm(forms.Form):
    note = forms.CharField(label="说明", required=False, widget=forms.TextInput(attrs=TEXT))


class DecideForm(forms.Form):
    deciding_unit = forms.ModelChoiceField(label="保障责任单位", queryset=None, widget=forms.Select(attrs=SELECT))
    decision = forms.CharField(label="会商意见", widget=forms.Textarea(attrs={**TEXT, "rows": 3}))
    decided_on = forms.DateField(label="议定日期", widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deciding_unit"].queryset = units


class DeliverForm(forms.Form):
    delivered_on = forms.DateField(label="到位日期", widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))
    delivered_quantity = forms.DecimalField(label="到位数量（不填则为申请数量）", required=False, max_digits=16,
                                            decimal_places=4, widget=forms.TextInput(attrs=NUMBER))


class DeclineForm(forms.Form):
    reason = forms.CharField(label="不予保障原因", widget=forms.Textarea(attrs={**TEXT, "rows": 2}))


class LandCleanupForm(forms.Form):
    park = forms.ModelChoiceField(label="园区", queryset=None, widget=forms.Select(attrs=SELECT))
    month = forms.DateField(label="月份", input_formats=["%Y-%m"], widget=forms.DateInput(
        attrs={"class": "form-control", "type": "month"}, format="%Y-%m"),
        error_messages={"invalid": "月份格式应为 年-月"})
    note = forms.CharField(label="备注", required=False, max_length=200, widget=forms.TextInput(attrs=TEXT))

    def __init__(self, *args, parks, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["park"].queryset = parks
        labels = {f.name: f.verbose_name for f in LandCleanup._meta.fields}
        for name in LAND_FIGURES:
            self.fields[name] = forms.DecimalField(label=labels[name], required=False, max_digits=12,
                                                   decimal_places=2, widget=forms.TextInput(attrs=AREA),
                                                   error_messages={"invalid": f"{labels[name]}请填写数字"})


def default_month(today: datetime.date) -> str:
    return today.strftime("%Y-%m")


def deciding_units(county) -> QuerySet[Unit]:
    return Unit.objects.filter(region__path__startswith=county.path, is_active=True).exclude(
        kind=Unit.Kind.ENTERPRISE).order_by("kind", "name")
