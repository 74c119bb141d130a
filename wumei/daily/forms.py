"""Forms of 每日必盯: the phone report form and the period / day pickers of the HQ pages."""

import datetime
from decimal import Decimal

from django import forms

from wumei.daily import rules
from wumei.problems.models import Problem
from wumei.projects.models import Stage

NUMBER_MESSAGES = {
    "required": "请填写累计完成投资（万元）",
    "invalid": "请填写数字（万元），例如 12800 或 12800.5",
    "min_value": "累计完成投资不能为负数",
    "max_digits": "数字位数过多",
    "max_decimal_places": "最多保留4位小数（万元精确到元）",
    "max_whole_digits": "数字位数过多",
}
DATE_MESSAGES = {"required": "请选择日期", "invalid": "日期格式不正确，应为 YYYY-MM-DD"}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs={"class": "form-control", **(attrs or {})}, format="%Y-%m-%d")


class DailyReportForm(forms.Form):
    """One project's report of a day. Photos are read from request.FILES by the view (the service checks
    each by content and names any it refuses)."""

    report_on = forms.DateField(label="日报日期", widget=DateInput(), error_messages=DATE_MESSAGES)
    image_progress = forms.CharField(
        label="形象进度", max_length=2000,
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 3, "placeholder": "例如：主体结构施工至第5层"}),
        error_messages={"required": "请填写形象进度", "max_length": "形象进度不能超过2000字"},
    )
    cumulative_investment = forms.DecimalField(
        label="累计完成投资", max_digits=18, decimal_places=4, min_value=0, error_messages=NUMBER_MESSAGES,
        widget=forms.TextInput(attrs={"class": "form-control", "inputmode": "decimal", "autocomplete": "off"}),
        help_text="自项目开工以来累计完成的投资，单位万元",
    )
    stage = forms.ChoiceField(label="项目阶段", choices=Stage.choices,
                              widget=forms.Select(attrs={"class": "form-select"}),
                              error_messages={"required": "请选择项目阶段", "invalid_choice": "请选择项目阶段"})
    investment_reason = forms.CharField(
        label="投资调减或超出总投资的原因", required=False, max_length=1000,
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 2}),
        help_text="累计完成投资比上次少、或超过项目总投资时必填",
        error_messages={"max_length": "不能超过1000字"},
    )
    stage_reason = forms.CharField(
        label="阶段后退的原因", required=False, max_length=1000,
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 2}),
        help_text="项目阶段退回之前的阶段时必填", error_messages={"max_length": "不能超过1000字"},
    )
    problem_category = forms.ChoiceField(
        label="问题类别", required=False, choices=Problem.Category.choices, initial=Problem.Category.OTHER,
        widget=forms.Select(attrs={"class": "form-select"}), error_messages={"invalid_choice": "请选择问题类别"},
    )
    problem_description = forms.CharField(
        label="遇到的问题", required=False, max_length=2000,
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 2,
                                     "placeholder": "没有问题不填；填写后将登记为项目问题并交办"}),
        error_messages={"max_length": "不能超过2000字"},
    )

    def submission(self) -> dict:
        """The cleaned values as the service takes them."""
        data = self.cleaned_data
        return {key: data[key] for key in (
            "report_on", "image_progress", "cumulative_investment", "stage", "investment_reason", "stage_reason",
            "problem_category", "problem_description")}


class PeriodForm(forms.Form):
    """A date range for the compliance ranking (default: this month up to today)."""

    start = forms.DateField(label="开始日期", required=False, widget=DateInput(), error_messages=DATE_MESSAGES)
    end = forms.DateField(label="结束日期", required=False, widget=DateInput(), error_messages=DATE_MESSAGES)

    def __init__(self, data, *, today: datetime.date):
        super().__init__(data)
        self.today = today
        self.fields["start"].initial = today.replace(day=1)
        self.fields["end"].initial = today

    def clean(self):
        data = super().clean()
        start = data.get("start") or self.today.replace(day=1)
        end = data.get("end") or self.today
        error = rules.period_error(start, end)
        if error:
            raise forms.ValidationError(error)
        data["start"], data["end"] = start, end
        return data

    def period(self) -> tuple[datetime.date, datetime.date]:
        if self.is_valid():
            return self.cleaned_data["start"], self.cleaned_data["end"]
        return self.today.replace(day=1), self.today


def plain_number(value: Decimal | None) -> str | None:
    """12800.0000 → "12800", 12800.5000 → "12800.5": what a person would type."""
    if value is None:
        return None
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def parse_day(text: str | None, default: datetime.date) -> datetime.date:
    """A ?on=YYYY-MM-DD parameter, or the default when absent or malformed."""
    try:
        return datetime.date.fromisoformat(text) if text else default
    except ValueError:
        return default


def parse_month(text: str | None, default: datetime.date) -> tuple[int, int]:
    """A ?month=YYYY-MM parameter as (year, month)."""
    try:
        year, month = (int(part) for part in (text or "").split("-"))
        datetime.date(year, month, 1)
        return year, month
    except (ValueError, TypeError):
        return default.year, default.month
