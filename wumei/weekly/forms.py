"""Forms of the 每周必访 pages: visits, secretaries, the chains' lists and map, and investment leads."""

import datetime

from django import forms
from django.db.models import Q

from wumei.org.models import Chain, Person, Role, Unit
from wumei.problems.models import Problem
from wumei.projects.forms import DateInput, MoneyField, region_q, style
from wumei.projects.models import Project
from wumei.weekly.models import ChainItem, InvestmentLead


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one input; each is checked later by store_photo (by content, not by name)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/*", "multiple": True}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [f for f in data if f]
        return [data] if data else []


def visit_companion_choices(project: Project):
    """People who usually go along: the project's team, its three service people, its unit's staff."""
    q = Q(unit_id=project.responsible_unit_id) if project.responsible_unit_id else Q(pk__in=[])
    q |= Q(teams__project=project) | Q(led_teams__project=project)
    q |= Q(pk__in=[pk for pk in (project.butler_id, project.police_id, project.inspector_id) if pk])
    return Person.objects.filter(pk__in=Person.objects.filter(q, is_active=True).values("pk")).exclude(
        pk=project.lead_leader_id).order_by("name")


class VisitForm(forms.Form):
    visited_on = forms.DateField(label="走访日期", widget=DateInput)
    findings = forms.CharField(label="走访情况", max_length=4000, widget=forms.Textarea(attrs={"rows": 4}),
                               help_text="现场看到的进展、与企业交流的情况、当场协调的事项")
    companions = forms.ModelMultipleChoiceField(label="随行人员", required=False, queryset=Person.objects.none(),
                                                widget=forms.CheckboxSelectMultiple)
    companions_note = forms.CharField(label="其他随行人员", required=False, max_length=200,
                                      help_text="名单以外的随行人员，如“县发改局局长”")
    photos = MultipleFileField(label="现场照片", help_text="可多选；JPG、PNG 或 WebP，单张不超过限制大小")

    def __init__(self, *args, project: Project, today: datetime.date, **kwargs):
        kwargs.setdefault("initial", {"visited_on": today})
        super().__init__(*args, **kwargs)
        self.fields["companions"].queryset = visit_companion_choices(project)
        self.fields["visited_on"].widget.attrs["max"] = today.isoformat()
        style(self)
        self.fields["companions"].widget.attrs["class"] = "form-check-input"


class ProblemRowForm(forms.Form):
    description = forms.CharField(label="问题描述", required=False, max_length=2000,
                                  widget=forms.Textarea(attrs={"rows": 2}))
    category = forms.ChoiceField(label="类别", choices=Problem.Category.choices, initial=Problem.Category.OTHER)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style(self)


ProblemFormSet = forms.formset_factory(ProblemRowForm, extra=3, max_num=10)


class VisitFilterForm(forms.Form):
    """The visit list's filters (GET); invalid values are ignored."""

    leader = forms.TypedChoiceField(label="牵头领导", required=False, coerce=int, empty_value=None)
    week = forms.DateField(label="周（任选该周一天）", required=False, widget=DateInput)
    q = forms.CharField(label="项目名称", required=False, max_length=100)

    def __init__(self, *args, leaders, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leader"].choices = [("", "全部牵头领导"), *((p.pk, p.name) for p in leaders)]
        self.fields["q"].widget.attrs["placeholder"] = "项目名称"
        style(self)

    def filters(self) -> dict:
        self.is_valid()
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}


class DelegateForm(forms.Form):
    leader = forms.ModelChoiceField(label="牵头领导", queryset=Person.objects.none())
    secretary = forms.ModelChoiceField(label="代录人员（秘书）", queryset=Person.objects.none())

    def __init__(self, *args, region_paths: list[str] | None, **kwargs):
        super().__init__(*args, **kwargs)
        in_scope = region_q(region_paths)
        people = Person.objects.filter(in_scope, is_active=True).select_related("unit")
        self.fields["leader"].queryset = people.filter(
            pk__in=Person.objects.filter(roles__role=Role.LEAD_LEADER).values("pk")).order_by("name")
        self.fields["secretary"].queryset = people.filter(user__isnull=False).order_by("name")
        self.fields["secretary"].label_from_instance = lambda p: f"{p.name}（{p.unit.name if p.unit else p.title}）"
        style(self)


class ChainItemForm(forms.ModelForm):
    amount = MoneyField(label="金额", required=False, help_text="单位：万元，可留空；也可输入“1.2亿”")

    class Meta:
        model = ChainItem
        fields = ["kind", "title", "detail", "amount", "status", "responsible", "due_on", "order"]
        widgets = {"due_on": DateInput, "detail": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style(self)


class SupplyLinkForm(forms.Form):
    supplier = forms.ModelChoiceField(label="上游企业（供应方）", queryset=Unit.objects.none())
    customer = forms.ModelChoiceField(label="下游企业（采购方）", queryset=Unit.objects.none())
    product = forms.CharField(label="产品/配套内容", max_length=100)
    note = forms.CharField(label="备注", max_length=200, required=False)

    def __init__(self, *args, chain: Chain, **kwargs):
        super().__init__(*args, **kwargs)
        enterprises = Unit.objects.filter(kind=Unit.Kind.ENTERPRISE, is_active=True,
                                          region__path__startswith=chain.region.path).order_by("name")
        self.fields["supplier"].queryset = enterprises
        self.fields["customer"].queryset = enterprises
        style(self)


class LeadForm(forms.ModelForm):
    amount = MoneyField(label="投资额")
    reason = forms.CharField(label="阶段变更原因", required=False, max_length=500,
                             help_text="退回之前的阶段、终止或恢复时必填")

    class Meta:
        model = InvestmentLead
        fields = ["name", "investor", "is_top500", "amount", "chain", "park", "town", "stage", "contacted_on",
                  "signed_on", "contract_start_on", "started_on", "project", "note"]
        widgets = {f: DateInput for f in ("contacted_on", "signed_on", "contract_start_on", "started_on")}
        widgets["note"] = forms.Textarea(attrs={"rows": 3})

    def __init__(self, *args, county, chains, **kwargs):
        super().__init__(*args, **kwargs)
        below = {"region__path__startswith": county.path}
        self.fields["chain"].queryset = chains
        self.fields["park"].queryset = Unit.objects.filter(kind=Unit.Kind.PARK, **below)
        self.fields["town"].queryset = Unit.objects.filter(kind=Unit.Kind.TOWN, **below)
        self.fields["project"].queryset = Project.objects.filter(county=county).order_by("name")
        self.fields["project"].help_text = "该招商项目已登记为重点项目的，选择对应项目"
        style(self)


class LeadFilterForm(forms.Form):
    q = forms.CharField(label="搜索", required=False, max_length=100)
    stage = forms.ChoiceField(label="阶段", required=False,
                              choices=[("", "全部阶段"), *InvestmentLead.Stage.choices])
    chain = forms.TypedChoiceField(label="产业链", required=False, coerce=int, empty_value=None)
    place = forms.ChoiceField(label="落户地", required=False)
    year = forms.TypedChoiceField(label="签约年度", required=False, coerce=int, empty_value=None)
    top500 = forms.BooleanField(label="仅看三类500强", required=False)

    def __init__(self, *args, chains, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chain"].choices = [("", "全部产业链"), *((c.pk, c.name) for c in chains)]
        self.fields["place"].choices = [("", "全部落户地"), ("park", "园区"), ("town", "乡镇")]
        self.fields["year"].choices = [("", "全部年度"), *((y, f"{y}年") for y in years)]
        self.fields["q"].widget.input_type = "search"
        self.fields["q"].widget.attrs["placeholder"] = "项目名称或投资方"
        style(self)

    def filters(self) -> dict:
        self.is_valid()
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "", False)}
