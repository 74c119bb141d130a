"""Forms of the monthly consultation: the meeting, an agenda item, attendance, a decision."""

from django import forms

from wumei.consultation.models import Attendance, Decision
from wumei.tasks.forms import PersonChoiceField, owner_people, owner_units

SELECT = {"class": "form-select"}
TEXT = {"class": "form-control"}
DATE = {"class": "form-control", "type": "date"}


class OpenForm(forms.Form):
    county = forms.ModelChoiceField(label="县（区）", queryset=None, widget=forms.Select(attrs=SELECT))
    month = forms.DateField(label="月份", input_formats=["%Y-%m"], widget=forms.DateInput(
        attrs={"class": "form-control", "type": "month"}, format="%Y-%m"), error_messages={"invalid": "月份格式应为 年-月"})

    def __init__(self, *args, counties, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["county"].queryset = counties


class MeetingForm(forms.Form):
    held_on = forms.DateField(label="会议日期", required=False, widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
                              error_messages={"invalid": "会议日期格式不正确"})
    place = forms.CharField(label="会议地点", required=False, max_length=100, widget=forms.TextInput(attrs=TEXT))
    chair = forms.CharField(label="主持人", required=False, max_length=64, widget=forms.TextInput(attrs=TEXT))
    notes = forms.CharField(label="议程说明", required=False, widget=forms.Textarea(attrs={**TEXT, "rows": 2}))
    minutes = forms.CharField(label="会议纪要", required=False, widget=forms.Textarea(attrs={**TEXT, "rows": 10}),
                              help_text="会议召开后填写；每段一行")


class ItemForm(forms.Form):
    title = forms.CharField(label="议题", max_length=200, widget=forms.TextInput(attrs=TEXT))
    note = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={**TEXT, "rows": 2}))
    project = forms.ModelChoiceField(label="项目（可不选）", required=False, queryset=None,
                                     widget=forms.Select(attrs=SELECT))

    def __init__(self, *args, projects=None, **kwargs):
        super().__init__(*args, **kwargs)
        if projects is None:
            del self.fields["project"]
        else:
            self.fields["project"].queryset = projects


class AttendeeForm(forms.Form):
    name = forms.CharField(label="姓名", max_length=32, widget=forms.TextInput(attrs=TEXT))
    unit = forms.ModelChoiceField(label="单位", required=False, queryset=None, widget=forms.Select(attrs=SELECT))
    status = forms.ChoiceField(label="参会情况", choices=Attendance.Status.choices, widget=forms.Select(attrs=SELECT))
    substitute = forms.CharField(label="代参会人", required=False, max_length=32, widget=forms.TextInput(attrs=TEXT))

    def __init__(self, *args, paths, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = owner_units(paths)


class DecisionForm(forms.Form):
    project = forms.ModelChoiceField(label="项目", queryset=None, widget=forms.Select(attrs=SELECT))
    text = forms.CharField(label="议定事项", max_length=200, widget=forms.TextInput(attrs=TEXT))
    detail = forms.CharField(label="具体要求", required=False, widget=forms.Textarea(attrs={**TEXT, "rows": 3}))
    owner_unit = forms.ModelChoiceField(label="责任单位", required=False, queryset=None,
                                        widget=forms.Select(attrs=SELECT))
    owner_person = PersonChoiceField(label="责任人", required=False, queryset=None, widget=forms.Select(attrs=SELECT))
    due_on = forms.DateField(label="完成时限", widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
                             error_messages={"invalid": "完成时限格式不正确"})
    factor_request = forms.ModelChoiceField(label="涉及的要素需求", required=False, queryset=None,
                                            widget=forms.Select(attrs=SELECT))
    factor_outcome = forms.ChoiceField(label="要素需求处理", required=False, choices=Decision.FactorOutcome.choices,
                                       widget=forms.Select(attrs=SELECT))

    def __init__(self, *args, projects, paths, factor_requests, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = projects
        self.fields["owner_unit"].queryset = owner_units(paths)
        self.fields["owner_person"].queryset = owner_people(paths)
        self.fields["factor_request"].queryset = factor_requests
        self.fields["factor_request"].label_from_instance = lambda r: f"{r.project.name}：{r.detail_label}{r.quantity_text}"
