"""Forms of the dekad pages: the round, the letter list's filters and actions, thresholds, dispatch orders,
monthly plans, period counts."""

import datetime

from django import forms
from django.db.models import Q

from wumei.dekad import conf
from wumei.dekad.models import DekadSettings, Letter
from wumei.org.models import Region, Unit
from wumei.projects.models import Project

SELECT = {"class": "form-select"}
TEXT = {"class": "form-control"}
DATE = {"class": "form-control", "type": "date"}
# Units letters and orders are addressed to (not enterprises).
RECIPIENT_KINDS = [Unit.Kind.RESPONSIBLE, Unit.Kind.APPROVAL, Unit.Kind.TOWN, Unit.Kind.PARK, Unit.Kind.HQ]


def units_in(paths: list[str] | None):
    qs = Unit.objects.filter(kind__in=RECIPIENT_KINDS, is_active=True).order_by("kind", "name")
    if paths is None:
        return qs
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(region__path__startswith=path)
    return qs.filter(q)


class RoundForm(forms.Form):
    on = forms.DateField(label="督查日期", widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
                         help_text="按这一天的项目情况检查；同一旬重复运行不会重复生成函件")
    county = forms.ModelChoiceField(label="县（区）", queryset=Region.objects.none(), empty_label=None,
                                    widget=forms.Select(attrs=SELECT))

    def __init__(self, *args, counties, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["county"].queryset = counties
        if counties.count() <= 1:
            self.fields["county"].widget = forms.HiddenInput()


STATUS_FILTERS = [("", "全部状态"), ("open", "未办结（全部）"), *Letter.Status.choices]


class LetterFilterForm(forms.Form):
    kind = forms.ChoiceField(label="类型", required=False, choices=[("", "全部类型"), *Letter.Kind.choices],
                             widget=forms.Select(attrs=SELECT))
    status = forms.ChoiceField(label="状态", required=False, choices=STATUS_FILTERS, widget=forms.Select(attrs=SELECT))
    unit = forms.ModelChoiceField(label="主送单位", required=False, queryset=Unit.objects.none(),
                                  empty_label="全部单位", widget=forms.Select(attrs=SELECT))
    dekad = forms.CharField(label="旬次", required=False, max_length=16,
                            widget=forms.TextInput(attrs={**TEXT, "placeholder": "如 2026-06中旬"}))
    project = forms.IntegerField(label="项目", required=False, min_value=1, widget=forms.HiddenInput)
    overdue = forms.BooleanField(label="只看逾期未回复", required=False,
                                 widget=forms.CheckboxInput(attrs={"class": "form-check-input"}))

    def __init__(self, *args, region_paths: list[str] | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units_in(region_paths)

    def filters(self) -> dict:
        if not self.is_bound:
            return {}
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        out = {k: data[k] for k in ("kind", "status", "dekad", "project") if data.get(k)}
        if data.get("unit"):
            out["unit"] = data["unit"].pk
        if data.get("overdue"):
            out["overdue"] = True
        return out


class DraftForm(forms.Form):
    title = forms.CharField(label="标题", max_length=200, widget=forms.TextInput(attrs=TEXT))
    recipient_unit = forms.ModelChoiceField(label="主送单位", queryset=Unit.objects.none(),
                                            widget=forms.Select(attrs=SELECT))
    body = forms.CharField(label="正文", widget=forms.Textarea(attrs={**TEXT, "rows": 8}),
                           help_text="每段一行；回复期限一段在印发时按工作日自动生成")
    reply_days = forms.IntegerField(label="回复时限（工作日）", min_value=1, max_value=60,
                                    widget=forms.NumberInput(attrs=TEXT))

    def __init__(self, *args, county: Region, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipient_unit"].queryset = units_in([county.path])


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"class": "form-control"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data if d]
        return [super().clean(data, initial)] if data else []


class AnswerForm(forms.Form):
    reply_text = forms.CharField(label="办理情况和整改措施", widget=forms.Textarea(attrs={**TEXT, "rows": 6}))
    files = MultipleFileField(label="附件（可多选）", required=False,
                              help_text=f"最多{conf.MAX_ATTACHMENTS}个，每个不超过{conf.MAX_ATTACHMENT_MB}MB："
                                        f"{'、'.join(conf.ATTACHMENT_EXTENSIONS)}")


class NoteForm(forms.Form):
    note = forms.CharField(label="办结意见", required=False, widget=forms.Textarea(attrs={**TEXT, "rows": 3}),
                           help_text="未回复的函件办结时必须说明原因")


class ReasonForm(forms.Form):
    reason = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={**TEXT, "rows": 3}))

    def __init__(self, *args, label: str = "说明", required: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = label
        self.fields["reason"].required = required


class SettingsForm(forms.ModelForm):
    class Meta:
        model = DekadSettings
        fields = [
            "reminder_days", "assignment_overdue_days", "supervision_percent", "amber_percent", "basis", "s_curve",
            "use_monthly_plans", "reply_days_reminder", "reply_days_assignment", "reply_days_supervision",
            "issuer", "prefix_reminder", "prefix_assignment", "prefix_supervision", "prefix_dispatch",
            "remind_visits", "reminder_missing_reports", "remind_problems",
        ]
        widgets = {name: forms.NumberInput(attrs=TEXT) for name in (
            "reminder_days", "assignment_overdue_days", "supervision_percent", "amber_percent", "reply_days_reminder",
            "reply_days_assignment", "reply_days_supervision", "reminder_missing_reports")} | {
            "basis": forms.Select(attrs=SELECT), "s_curve": forms.TextInput(attrs=TEXT),
            "issuer": forms.TextInput(attrs=TEXT), "prefix_reminder": forms.TextInput(attrs=TEXT),
            "prefix_assignment": forms.TextInput(attrs=TEXT), "prefix_supervision": forms.TextInput(attrs=TEXT),
            "prefix_dispatch": forms.TextInput(attrs=TEXT),
            "use_monthly_plans": forms.CheckboxInput(attrs={"class": "form-check-input"}),
            "remind_visits": forms.CheckboxInput(attrs={"class": "form-check-input"}),
            "remind_problems": forms.CheckboxInput(attrs={"class": "form-check-input"}),
        }


class DispatchOrderForm(forms.Form):
    title = forms.CharField(label="标题", max_length=200, widget=forms.TextInput(attrs=TEXT),
                            help_text="如“关于加快××项目供电线路建设的调度令”")
    body = forms.CharField(label="调度事项", widget=forms.Textarea(attrs={**TEXT, "rows": 8}), help_text="每段一行")
    units = forms.ModelMultipleChoiceField(label="责任单位", queryset=Unit.objects.none(),
                                           widget=forms.SelectMultiple(attrs={**SELECT, "size": 8}))
    projects = forms.ModelMultipleChoiceField(label="涉及项目", required=False, queryset=Project.objects.none(),
                                              widget=forms.SelectMultiple(attrs={**SELECT, "size": 8}))
    deadline_on = forms.DateField(label="完成时限", widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))

    def __init__(self, *args, county: Region, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = units_in([county.path])
        self.fields["projects"].queryset = Project.objects.filter(county=county).order_by("name")


class MonthlyPlanForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for month in range(1, 13):
            self.fields[f"m{month}"] = forms.DecimalField(
                label=f"{month}月", required=False, min_value=0, max_digits=18, decimal_places=4,
                widget=forms.NumberInput(attrs={**TEXT, "step": "any", "inputmode": "decimal"}))

    def amounts(self) -> list:
        return [self.cleaned_data.get(f"m{month}") for month in range(1, 13)]


class PeriodForm(forms.Form):
    start = forms.DateField(label="开始日期", widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))
    end = forms.DateField(label="结束日期", widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            raise forms.ValidationError("结束日期不能早于开始日期")
        if start and end and (end - start) > datetime.timedelta(days=3660):
            raise forms.ValidationError("统计期间不能超过十年")
        return data
