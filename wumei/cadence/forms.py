"""The history filters and the schedule form (one job per form)."""

import datetime

from django import forms

from wumei.cadence.jobs import JOBS
from wumei.cadence.models import JobRun


class RunFilterForm(forms.Form):
    job = forms.ChoiceField(label="任务", required=False, choices=[("", "全部任务")] + [(j.code, j.label) for j in JOBS])
    status = forms.ChoiceField(label="状态", required=False, choices=[("", "全部状态")] + JobRun.Status.choices)
    first = forms.DateField(label="业务日期从", required=False, error_messages={"invalid": "请输入有效日期"})
    last = forms.DateField(label="业务日期至", required=False, error_messages={"invalid": "请输入有效日期"})
    catch_up = forms.BooleanField(label="只看补运行", required=False)

    def clean(self):
        data = super().clean()
        first, last = data.get("first"), data.get("last")
        if first and last and last < first:
            self.add_error("last", "结束日期不能早于开始日期")
        return data

    def values(self) -> dict:
        if not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "", False)}


class ScheduleForm(forms.Form):
    at = forms.TimeField(label="运行时间", input_formats=["%H:%M"],
                         widget=forms.TimeInput(format="%H:%M", attrs={"type": "time", "class": "form-control"}),
                         error_messages={"required": "请填写运行时间", "invalid": "时间格式应为 时:分，如 08:30"})
    is_enabled = forms.BooleanField(label="启用", required=False,
                                    widget=forms.CheckboxInput(attrs={"class": "form-check-input"}))

    def clean_at(self) -> datetime.time:
        return self.cleaned_data["at"].replace(second=0, microsecond=0)
