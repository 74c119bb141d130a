"""Forms of the four lists: the task list's filters, a task, completing, cancelling and reopening one."""

import datetime

from django import forms
from django.db.models import Q, QuerySet

from wumei.org.models import Person, Unit
from wumei.tasks.models import Task

SELECT = {"class": "form-select"}
TEXT = {"class": "form-control"}
DATE = {"class": "form-control", "type": "date"}
# Units that answer for tasks (not enterprises: an owner's duties are the unit's to follow).
OWNER_KINDS = [Unit.Kind.RESPONSIBLE, Unit.Kind.APPROVAL, Unit.Kind.TOWN, Unit.Kind.PARK, Unit.Kind.HQ]


def _under(field: str, paths: list[str] | None) -> Q:
    if paths is None:
        return Q()
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(**{f"{field}__startswith": path})
    return q


def owner_units(paths: list[str] | None) -> QuerySet[Unit]:
    return Unit.objects.filter(_under("region__path", paths), kind__in=OWNER_KINDS, is_active=True) \
        .order_by("kind", "name")


def owner_people(paths: list[str] | None) -> QuerySet[Person]:
    return Person.objects.filter(_under("region__path", paths), is_active=True).select_related("unit") \
        .order_by("unit__name", "name", "id")


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Person) -> str:
        return f"{obj.name}（{obj.unit.name}）" if obj.unit_id else obj.name


class TaskFilterForm(forms.Form):
    project = forms.ModelChoiceField(label="项目", required=False, queryset=None, empty_label="全部项目",
                                     widget=forms.Select(attrs=SELECT))
    unit = forms.ModelChoiceField(label="责任单位", required=False, queryset=None, empty_label="全部责任单位",
                                  widget=forms.Select(attrs=SELECT))
    status = forms.ChoiceField(label="状态", required=False, choices=[("", "全部状态"), *Task.Status.choices],
                               widget=forms.Select(attrs=SELECT))
    source = forms.ChoiceField(label="来源", required=False, choices=[("", "全部来源"), *Task.Source.choices],
                               widget=forms.Select(attrs=SELECT))
    sort = forms.ChoiceField(label="排序", required=False, choices=[
        ("due", "时限最近在前"), ("-due", "时限最远在前"), ("new", "最新登记在前"), ("project", "按项目"),
    ], widget=forms.Select(attrs=SELECT))
    overdue = forms.BooleanField(label="只看逾期", required=False,
                                 widget=forms.CheckboxInput(attrs={"class": "form-check-input"}))
    dekad = forms.BooleanField(label="本旬到期", required=False,
                               widget=forms.CheckboxInput(attrs={"class": "form-check-input"}))

    def __init__(self, *args, projects, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = projects
        self.fields["unit"].queryset = units

    def filters(self) -> dict:
        """The valid filters that are set (an invalid one is ignored rather than failing the page)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        out: dict = {}
        if data.get("project"):
            out["project"] = data["project"].pk
        if data.get("unit"):
            out["unit"] = data["unit"].pk
        for name in ("status", "source"):
            if data.get(name):
                out[name] = data[name]
        for name in ("overdue", "dekad"):
            if data.get(name):
                out[name] = True
        return out

    def sort_key(self) -> str:
        return (getattr(self, "cleaned_data", {}) or {}).get("sort") or "due"


class TaskForm(forms.Form):
    project = forms.ModelChoiceField(label="项目", queryset=None, widget=forms.Select(attrs=SELECT))
    title = forms.CharField(label="任务内容", max_length=200, widget=forms.TextInput(attrs=TEXT),
                            help_text="一句话写清要做成什么，如“完成施工图审查”")
    detail = forms.CharField(label="具体要求", required=False, widget=forms.Textarea(attrs={**TEXT, "rows": 3}))
    owner_unit = forms.ModelChoiceField(label="责任单位", required=False, queryset=None, empty_label="（项目责任单位）",
                                        widget=forms.Select(attrs=SELECT))
    owner_person = PersonChoiceField(label="责任人", required=False, queryset=None, empty_label="（未指定）",
                                     widget=forms.Select(attrs=SELECT))
    due_on = forms.DateField(label="完成时限", widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))
    source = forms.ChoiceField(label="来源", choices=Task.Source.choices, widget=forms.Select(attrs=SELECT))
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, projects, region_paths: list[str] | None, sources: list[str],
                 fixed_project: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = projects
        if fixed_project:
            self.fields["project"].widget = forms.HiddenInput()
        self.fields["owner_unit"].queryset = owner_units(region_paths)
        self.fields["owner_person"].queryset = owner_people(region_paths)
        self.fields["source"].choices = [(v, label) for v, label in Task.Source.choices if v in sources]
        if len(sources) == 1:
            self.fields["source"].initial = sources[0]


class CompleteForm(forms.Form):
    done_on = forms.DateField(label="完成日期", widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))
    result = forms.CharField(label="完成情况", required=False, widget=forms.Textarea(attrs={**TEXT, "rows": 2}))

    def __init__(self, *args, today: datetime.date, **kwargs):
        kwargs.setdefault("initial", {"done_on": today})
        super().__init__(*args, **kwargs)


class ReasonForm(forms.Form):
    reason = forms.CharField(label="原因", widget=forms.Textarea(attrs={**TEXT, "rows": 2}))

    def __init__(self, *args, label: str = "原因", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = label
