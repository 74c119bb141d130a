"""Forms of the reception day: the day, a visit with the problems it opens, an answer."""

from django import forms

from wumei.org.models import Person, Unit
from wumei.problems.models import Problem
from wumei.problems.services import DEFAULT_DEADLINE_DAYS, MAX_DEADLINE_DAYS

SELECT = {"class": "form-select"}
TEXT = {"class": "form-control"}
DATE = {"class": "form-control", "type": "date"}


class LeaderChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Person) -> str:
        return f"{obj.name}（{obj.title}）" if obj.title else obj.name


class DayForm(forms.Form):
    held_on = forms.DateField(label="接待日期", widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
                              help_text="每月8日；8日不是工作日时由指挥部办公室确定")
    leaders = LeaderChoiceField(label="接待领导", queryset=None,
                                widget=forms.SelectMultiple(attrs={**SELECT, "size": 8}))
    venue = forms.CharField(label="接待地点", max_length=100, required=False, widget=forms.TextInput(attrs=TEXT))
    note = forms.CharField(label="备注", required=False, widget=forms.Textarea(attrs={**TEXT, "rows": 2}))

    def __init__(self, *args, leaders, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leaders"].queryset = leaders


class VisitForm(forms.Form):
    visitor_name = forms.CharField(label="来访人", max_length=32, widget=forms.TextInput(attrs=TEXT))
    visitor_title = forms.CharField(label="职务", max_length=64, required=False, widget=forms.TextInput(attrs=TEXT))
    enterprise = forms.ModelChoiceField(label="企业", queryset=None, widget=forms.Select(attrs=SELECT))
    project = forms.ModelChoiceField(label="所涉项目", queryset=None, required=False, empty_label="（不涉及具体项目）",
                                     widget=forms.Select(attrs=SELECT))
    request = forms.CharField(label="反映事项（诉求）", widget=forms.Textarea(attrs={**TEXT, "rows": 3}))
    answer = forms.CharField(label="答复意见", required=False, widget=forms.Textarea(attrs={**TEXT, "rows": 2}),
                             help_text="现场答复的填写；需会后研究的可稍后补录")
    answered_on = forms.DateField(label="答复日期", required=False,
                                  widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))

    def __init__(self, *args, enterprises, projects, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = enterprises
        self.fields["project"].queryset = projects


class ProblemForm(forms.Form):
    description = forms.CharField(label="问题描述", required=False, widget=forms.Textarea(attrs={**TEXT, "rows": 2}))
    category = forms.ChoiceField(label="类别", choices=Problem.Category.choices, initial=Problem.Category.OTHER,
                                 widget=forms.Select(attrs=SELECT))
    owner_unit = forms.ModelChoiceField(label="承办单位", queryset=None, required=False,
                                        empty_label="（项目责任单位）", widget=forms.Select(attrs=SELECT))
    deadline_days = forms.IntegerField(label="办理时限（工作日）", min_value=1, max_value=MAX_DEADLINE_DAYS,
                                       initial=DEFAULT_DEADLINE_DAYS,
                                       widget=forms.NumberInput(attrs=TEXT))

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_unit"].queryset = units


ProblemFormSet = forms.formset_factory(ProblemForm, extra=3, max_num=3)


def owner_units(county) -> "forms.QuerySet":
    return Unit.objects.filter(region__path__startswith=county.path, is_active=True).exclude(
        kind=Unit.Kind.ENTERPRISE).order_by("kind", "name")


class AnswerForm(forms.Form):
    answer = forms.CharField(label="答复意见", widget=forms.Textarea(attrs={**TEXT, "rows": 2}))
    answered_on = forms.DateField(label="答复日期", widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))
