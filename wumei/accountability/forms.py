"""Forms of 问责: the list's filters and a case."""

from django import forms

from wumei.accountability.models import Case
from wumei.dekad.models import Letter
from wumei.org.models import Person, Unit
from wumei.projects.models import Project

SELECT = {"class": "form-select"}
TEXT = {"class": "form-control"}
DATE = {"class": "form-control", "type": "date"}
MULTI = {"class": "form-select", "size": 6}


class FilterForm(forms.Form):
    year = forms.TypedChoiceField(label="年度", required=False, coerce=int, empty_value=None,
                                  widget=forms.Select(attrs=SELECT))
    kind = forms.ChoiceField(label="类型", required=False, choices=[("", "全部类型"), *Case.Kind.choices],
                             widget=forms.Select(attrs=SELECT))

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", "全部年度"), *((y, f"{y}年") for y in years)]

    def filters(self) -> dict:
        if not self.is_bound or not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v}


class CaseForm(forms.Form):
    kind = forms.ChoiceField(label="类型", choices=Case.Kind.choices, widget=forms.Select(attrs=SELECT))
    occurred_on = forms.DateField(label="问责日期", widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
                                  help_text="约谈、立案或查处的日期")
    subject_unit = forms.ModelChoiceField(label="被问责单位", required=False, queryset=None,
                                          empty_label="（无）", widget=forms.Select(attrs=SELECT))
    subject_people = forms.ModelMultipleChoiceField(label="被问责人员", required=False, queryset=None,
                                                    widget=forms.SelectMultiple(attrs=MULTI))
    reason = forms.CharField(label="问责事由", widget=forms.Textarea(attrs={**TEXT, "rows": 3}))
    measures = forms.CharField(label="处理措施及结果", required=False, widget=forms.Textarea(attrs={**TEXT, "rows": 3}),
                               help_text="如“约谈单位主要负责人，责令限期整改”“给予党内警告处分”")
    projects = forms.ModelMultipleChoiceField(label="涉及项目", required=False, queryset=None,
                                              widget=forms.SelectMultiple(attrs=MULTI))
    letters = forms.ModelMultipleChoiceField(label="相关督办函件", required=False, queryset=None,
                                             widget=forms.SelectMultiple(attrs=MULTI))
    status = forms.ChoiceField(label="状态", choices=Case.Status.choices, widget=forms.Select(attrs=SELECT))
    closed_on = forms.DateField(label="办结日期", required=False,
                                widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))

    def __init__(self, *args, county, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subject_unit"].queryset = Unit.objects.filter(
            region__path__startswith=county.path, is_active=True).exclude(kind=Unit.Kind.ENTERPRISE) \
            .order_by("kind", "name")
        self.fields["subject_people"].queryset = Person.objects.filter(
            region__path__startswith=county.path, is_active=True).exclude(unit__kind=Unit.Kind.ENTERPRISE) \
            .select_related("unit").order_by("unit__name", "name", "id")
        self.fields["subject_people"].label_from_instance = (
            lambda p: f"{p.name}（{p.unit.name}·{p.title}）" if p.unit_id else p.name)
        self.fields["projects"].queryset = Project.objects.filter(county=county).order_by("name")
        self.fields["letters"].queryset = Letter.objects.filter(county=county).exclude(
            status__in=[Letter.Status.DRAFT, Letter.Status.WITHDRAWN]).select_related("project") \
            .order_by("-issued_on", "-id")
        self.fields["letters"].label_from_instance = lambda x: f"{x.doc_number or x.kind_label}·{x.project.name}"
