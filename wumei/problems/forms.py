"""Forms of the problem pages: the list's filters, raising, the action forms, statistics and the ladder."""

import datetime

from django import forms
from django.db.models import Q

from wumei.org.models import Person, Role, Unit
from wumei.problems import conf, queries, rules
from wumei.problems.models import Problem
from wumei.problems.services import MAX_DEADLINE_DAYS

SELECT = {"class": "form-select"}
TEXT = {"class": "form-control"}
# Units a problem can be handed to (not enterprises).
OWNER_KINDS = [Unit.Kind.RESPONSIBLE, Unit.Kind.APPROVAL, Unit.Kind.TOWN, Unit.Kind.PARK, Unit.Kind.HQ]


def units_under(paths: list[str] | None):
    """Units that may own problems, in the given regions (None: everywhere)."""
    qs = Unit.objects.filter(kind__in=OWNER_KINDS, is_active=True).order_by("kind", "name")
    if paths is None:
        return qs
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(region__path__startswith=path)
    return qs.filter(q)


class ProblemFilterForm(forms.Form):
    status = forms.ChoiceField(label="状态", required=False, choices=[
        ("", "全部状态"), (queries.ACTIVE, "未办结（全部）"), (queries.CLOSED, "已办结（全部）"),
        *Problem.Status.choices,
    ], widget=forms.Select(attrs=SELECT))
    category = forms.ChoiceField(label="类别", required=False, choices=[("", "全部类别"), *Problem.Category.choices],
                                 widget=forms.Select(attrs=SELECT))
    level = forms.TypedChoiceField(label="已提级至", required=False, coerce=int, empty_value=None,
                                   choices=[("", "全部层级"), *Problem.Level.choices], widget=forms.Select(attrs=SELECT))
    unit = forms.ModelChoiceField(label="承办单位", required=False, queryset=Unit.objects.none(),
                                  empty_label="全部承办单位", widget=forms.Select(attrs=SELECT))
    source = forms.ChoiceField(label="来源", required=False, choices=[("", "全部来源"), *Problem.Source.choices],
                               widget=forms.Select(attrs=SELECT))
    age = forms.ChoiceField(label="时长", required=False, choices=[("", "全部时长"), *[(a.value, a.label) for a in rules.Age]],
                            widget=forms.Select(attrs=SELECT))
    project = forms.IntegerField(label="项目", required=False, min_value=1, widget=forms.HiddenInput)
    overdue = forms.BooleanField(label="只看逾期", required=False, widget=forms.CheckboxInput(attrs={"class": "form-check-input"}))
    sort = forms.ChoiceField(label="排序", required=False, choices=[
        ("-age", "最新提出在前"), ("age", "时间最久在前"), ("due", "期限最近在前"), ("level", "层级最高在前"),
    ], widget=forms.Select(attrs=SELECT))

    def __init__(self, *args, region_paths: list[str] | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units_under(region_paths)

    def filters(self) -> dict:
        """The valid filters that are set (an invalid one is ignored rather than failing the page)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        out = {}
        for name in ("status", "category", "source", "age"):
            if data.get(name):
                out[name] = data[name]
        if data.get("level") is not None:
            out["level"] = data["level"]
        if data.get("unit"):
            out["unit"] = data["unit"].pk
        if data.get("project"):
            out["project"] = data["project"]
        if data.get("overdue"):
            out["overdue"] = True
        return out

    def sort_key(self) -> str:
        return (getattr(self, "cleaned_data", {}) or {}).get("sort") or "-age"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several photos in one input; each is checked by the photo service, not here."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"class": "form-control", "accept": "image/*"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


class RaiseForm(forms.Form):
    project = forms.ModelChoiceField(label="项目", queryset=None, widget=forms.Select(attrs=SELECT),
                                     error_messages={"required": "请选择项目", "invalid_choice": "请选择您可以反映问题的项目"})
    source = forms.ChoiceField(label="问题来源", choices=Problem.Source.choices, widget=forms.Select(attrs=SELECT))
    category = forms.ChoiceField(label="问题类别", choices=Problem.Category.choices, widget=forms.Select(attrs=SELECT))
    description = forms.CharField(label="问题描述", max_length=2000, widget=forms.Textarea(attrs={**TEXT, "rows": 4}),
                                  error_messages={"required": "请填写问题描述"},
                                  help_text="写清楚遇到什么困难、卡在哪个环节、需要哪个部门协调")
    photos = MultipleFileField(label="附件照片", required=False, help_text="可选多张，JPG、PNG 或 WebP")
    owner_unit = forms.ModelChoiceField(label="承办单位", required=False, queryset=Unit.objects.none(),
                                        empty_label="项目责任单位（默认）", widget=forms.Select(attrs=SELECT))
    deadline_days = forms.IntegerField(label="办理时限（工作日）", min_value=1, max_value=MAX_DEADLINE_DAYS,
                                       initial=conf.DEFAULT_DEADLINE_DAYS, widget=forms.NumberInput(attrs=TEXT))

    def __init__(self, *args, projects, sources: list[str], hq: bool, region_paths: list[str] | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = projects
        self.fields["source"].choices = [(s, Problem.Source(s).label) for s in sources]
        if len(sources) == 1:
            self.fields["source"].widget = forms.HiddenInput()
            self.fields["source"].initial = sources[0]
        if hq:
            self.fields["owner_unit"].queryset = units_under(region_paths)
        else:
            # Only the HQ office chooses the unit and the deadline; others get the defaults.
            del self.fields["owner_unit"]
            del self.fields["deadline_days"]


class AssignForm(forms.Form):
    owner_unit = forms.ModelChoiceField(label="承办单位", queryset=Unit.objects.none(), widget=forms.Select(attrs=SELECT),
                                        error_messages={"required": "请选择承办单位", "invalid_choice": "请选择本县（区）的单位"})
    deadline_days = forms.IntegerField(label="办理时限（工作日）", min_value=1, max_value=MAX_DEADLINE_DAYS,
                                       widget=forms.NumberInput(attrs=TEXT))
    reason = forms.CharField(label="交办意见", required=False, max_length=1000,
                             widget=forms.Textarea(attrs={**TEXT, "rows": 2}))

    def __init__(self, *args, county, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_unit"].queryset = units_under([county.path])


class SolveForm(forms.Form):
    solution = forms.CharField(label="解决情况", max_length=2000, widget=forms.Textarea(attrs={**TEXT, "rows": 3}),
                               error_messages={"required": "请填写解决情况（如何解决的）"},
                               help_text="写明采取的措施、结果；领导决定的写明决定事项")


class NoteForm(forms.Form):
    reason = forms.CharField(label="说明", required=False, max_length=1000,
                             widget=forms.Textarea(attrs={**TEXT, "rows": 2}))


class ReasonForm(forms.Form):
    reason = forms.CharField(label="原因", max_length=1000, widget=forms.Textarea(attrs={**TEXT, "rows": 2}),
                             error_messages={"required": "请填写原因"})

    def __init__(self, *args, label: str = "原因", help_text: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = label
        self.fields["reason"].help_text = help_text


class RateForm(forms.Form):
    rating = forms.TypedChoiceField(label="评价", coerce=int, choices=[(i, f"{i}星") for i in range(5, 0, -1)],
                                    widget=forms.RadioSelect, error_messages={"required": "请选择1至5星"})
    comment = forms.CharField(label="评价意见", required=False, max_length=200,
                              widget=forms.Textarea(attrs={**TEXT, "rows": 2}))


class PeriodForm(forms.Form):
    # <input type="date"> takes ISO dates whatever the locale's display format.
    start = forms.DateField(label="起始日期", widget=forms.DateInput(attrs={**TEXT, "type": "date"}, format="%Y-%m-%d"))
    end = forms.DateField(label="截止日期", widget=forms.DateInput(attrs={**TEXT, "type": "date"}, format="%Y-%m-%d"))

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            self.add_error("end", "截止日期不能早于起始日期")
        return data

    def period(self, today: datetime.date) -> tuple[datetime.date, datetime.date]:
        """The chosen period; this year to date when none (or an invalid one) is given."""
        if self.is_bound and self.is_valid():
            return self.cleaned_data["start"], self.cleaned_data["end"]
        return datetime.date(today.year, 1, 1), today


class LadderPostForm(forms.Form):
    person = forms.ModelChoiceField(label="人员", queryset=Person.objects.none(), widget=forms.Select(attrs=SELECT),
                                    error_messages={"required": "请选择人员"})
    deadline_days = forms.IntegerField(label="办理时限（工作日）", min_value=1, max_value=MAX_DEADLINE_DAYS,
                                       initial=conf.LADDER_DEFAULT_DAYS, widget=forms.NumberInput(attrs=TEXT))

    def __init__(self, *args, county, **kwargs):
        super().__init__(*args, **kwargs)
        # County leaders: people of the HQ (where county heads sit) or holding a leader's role.
        leaders = Q(unit__kind=Unit.Kind.HQ) | Q(roles__role__in=[Role.COMMANDER, Role.LEAD_LEADER])
        ids = Person.objects.filter(leaders, region__path__startswith=county.path, is_active=True).values("pk")
        self.fields["person"].queryset = Person.objects.filter(pk__in=ids).order_by("name", "pk")
        self.fields["person"].label_from_instance = lambda p: f"{p.name}（{p.title}）" if p.title else p.name
