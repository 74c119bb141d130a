"""Forms of the registry pages: the list's filters, the project form, the stage change and the schedule."""

import datetime
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q

from wumei.core.money import MoneyError, parse_wan
from wumei.org.models import Chain, Person, Region, Unit
from wumei.projects.models import Level, PlanKind, Project, Stage
from wumei.projects.queries import SORT_KEYS
from wumei.projects.services import PROJECT_FIELDS

# Units that may answer for a project: everything but enterprises.
RESPONSIBLE_KINDS = [Unit.Kind.RESPONSIBLE, Unit.Kind.APPROVAL, Unit.Kind.TOWN, Unit.Kind.PARK, Unit.Kind.HQ]
PRIORITY_CHOICES = [(1, "1类（最优先保障）"), (2, "2类"), (3, "3类"), (4, "4类")]


def region_q(paths: list[str] | None, field: str = "region") -> Q:
    """Rows whose region lies within one of `paths` (None: no limit)."""
    if paths is None:
        return Q()
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(**{f"{field}__path__startswith": path})
    return q


def style(form: forms.BaseForm) -> None:
    """Give every widget Tabler's classes."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.HiddenInput):
            continue
        if isinstance(widget, forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(widget, forms.Select):
            css = "form-select"
        else:
            css = "form-control"
        widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


class MoneyField(forms.DecimalField):
    """An amount in 万元. Also accepts “1.2亿”, “8000万” and thousands separators, as people write them."""

    widget = forms.TextInput

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 18)
        kwargs.setdefault("decimal_places", 4)
        kwargs.setdefault("min_value", Decimal(0))
        kwargs.setdefault("help_text", "单位：万元；也可输入“1.2亿”")
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("inputmode", "decimal")
        self.widget.attrs.setdefault("autocomplete", "off")

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            amount = parse_wan(value)
        except MoneyError as exc:
            raise ValidationError("请输入正确的金额，如 12000 或 1.2亿", code="invalid") from exc
        return amount

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            # 10000.0000 → "10000": show what a person would type.
            text = format(value.normalize(), "f")
            return text
        return value


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class ProjectFilterForm(forms.Form):
    """The list's filters (GET). Invalid values are ignored, never an error page."""

    q = forms.CharField(label="搜索", required=False, max_length=100)
    level = forms.ChoiceField(label="级别", required=False, choices=[("", "全部级别"), *Level.choices])
    stage = forms.ChoiceField(label="阶段", required=False, choices=[("", "全部阶段"), *Stage.choices])
    chain = forms.TypedChoiceField(label="产业链", required=False, coerce=int, empty_value=None)
    unit = forms.TypedChoiceField(label="责任单位", required=False, coerce=int, empty_value=None)
    place = forms.TypedChoiceField(label="乡镇/园区", required=False, coerce=int, empty_value=None)
    overdue = forms.BooleanField(label="仅看逾期", required=False)
    # A region's code (a county, or a city: its counties), as the cockpit's links pass it; not shown as a field.
    region = forms.RegexField(regex=r"^\d{2,12}$", required=False)
    sort = forms.ChoiceField(required=False, choices=[(k, k) for k in SORT_KEYS])

    def __init__(self, *args, region_paths: list[str] | None, **kwargs):
        super().__init__(*args, **kwargs)
        in_scope = region_q(region_paths)
        chains = list(Chain.objects.filter(in_scope).values_list("id", "name"))
        units = list(Unit.objects.filter(in_scope, kind__in=RESPONSIBLE_KINDS, is_active=True)
                     .values_list("id", "name"))
        places = list(Unit.objects.filter(in_scope, kind__in=[Unit.Kind.TOWN, Unit.Kind.PARK], is_active=True)
                      .order_by("kind", "name").values_list("id", "name", "kind"))
        self.fields["chain"].choices = [("", "全部产业链"), *chains]
        self.fields["unit"].choices = [("", "全部责任单位"), *units]
        self.fields["place"].choices = [
            ("", "全部乡镇/园区"),
            ("乡镇（街道）", [(pk, name) for pk, name, kind in places if kind == Unit.Kind.TOWN]),
            ("园区", [(pk, name) for pk, name, kind in places if kind == Unit.Kind.PARK]),
        ]
        self.fields["q"].widget.input_type = "search"
        self.fields["q"].widget.attrs["placeholder"] = "项目名称、业主，或拼音首字母如 qyjt"
        style(self)

    def filters(self) -> dict:
        """The valid filters, as keyword arguments of queries.filter_projects."""
        self.is_valid()
        data = self.cleaned_data
        return {key: data[key] for key in ("q", "level", "stage", "chain", "unit", "place", "overdue", "region")
                if data.get(key) not in (None, "", False)}

    def sort_key(self) -> str:
        self.is_valid()
        return self.cleaned_data.get("sort") or ""


class ProjectForm(forms.ModelForm):
    """Create or change a project, with this year's plan; choices limited to the project's county."""

    total_investment = MoneyField(label="总投资")
    funding_priority = forms.TypedChoiceField(label="资金保障类别", choices=PRIORITY_CHOICES, coerce=int,
                                              initial=3, help_text="按轻重缓急分四类保障")
    plan_kind = forms.ChoiceField(label="计划类型", choices=PlanKind.choices, initial=PlanKind.CONTINUING)
    plan_investment = MoneyField(label="年度计划投资", required=False,
                                 help_text="单位：万元；留空则不修改本年计划")
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Project
        fields = [f for f in PROJECT_FIELDS if f != "county"]
        widgets = {
            "content": forms.Textarea(attrs={"rows": 4}),
            "work_plan": forms.Textarea(attrs={"rows": 4}),
            "planned_start_on": DateInput(),
            "actual_start_on": DateInput(),
            "planned_completion_on": DateInput(),
            "actual_completion_on": DateInput(),
        }

    def __init__(self, *args, county: Region, year: int, creating: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.year = year
        self.creating = creating
        self.fields["plan_kind"].label = f"{year}年计划类型"
        self.fields["plan_investment"].label = f"{year}年计划投资"
        if creating:
            self.fields["stage"] = forms.ChoiceField(label="当前阶段", choices=Stage.choices, initial=Stage.PLANNING,
                                                     help_text="登记已在推进的项目时，选择其所处阶段")
            self.fields["plan_investment"].help_text = "单位：万元；可留空，以后再填"
        else:
            self.fields["version"].required = True
        in_county = region_q([county.path])
        units = Unit.objects.filter(in_county, is_active=True)
        self._limit("owner", units.filter(kind=Unit.Kind.ENTERPRISE))
        self._limit("park", units.filter(kind=Unit.Kind.PARK))
        self._limit("town", units.filter(kind=Unit.Kind.TOWN))
        self._limit("responsible_unit", units.filter(kind__in=RESPONSIBLE_KINDS))
        self._limit("chain", Chain.objects.filter(in_county))
        people = Person.objects.filter(in_county, is_active=True)
        for name in ("lead_leader", "butler", "police", "inspector"):
            self._limit(name, people)
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField):
                field.empty_label = "（未指定）"
        self.fields["name"].widget.attrs["placeholder"] = "如：年产100万吨纯碱项目"
        self.fields["code"].help_text = "可留空"
        style(self)

    def _limit(self, name: str, queryset) -> None:
        """Offer `queryset`, plus the value the project already has (which may lie outside it)."""
        current = getattr(self.instance, f"{name}_id", None) if self.instance.pk else None
        field = self.fields[name]
        model = queryset.model
        if current:
            field.queryset = model.objects.filter(Q(pk__in=queryset.values("pk")) | Q(pk=current))
        else:
            field.queryset = queryset

    def project_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields if name in self.cleaned_data}

    def plan_data(self) -> dict | None:
        amount = self.cleaned_data.get("plan_investment")
        if amount is None:
            return None
        return {"year": self.year, "planned_investment": amount, "kind": self.cleaned_data["plan_kind"]}


class StageForm(forms.Form):
    stage = forms.ChoiceField(label="变更为", choices=Stage.choices)
    reason = forms.CharField(label="原因", required=False, max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 3, "placeholder": "阶段退回时必须填写原因"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style(self)


class MilestoneForm(forms.Form):
    name = forms.CharField(label="节点", max_length=128)
    planned_on = forms.DateField(label="计划完成日期", widget=DateInput())
    actual_on = forms.DateField(label="实际完成日期", required=False, widget=DateInput())

    def __init__(self, *args, today: datetime.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["name"].widget.attrs["placeholder"] = "如：完成土地摘牌"
        style(self)

    def clean_actual_on(self):
        actual = self.cleaned_data.get("actual_on")
        if actual and actual > self.today:
            raise ValidationError("实际完成日期不能晚于今天")
        return actual


class BaseMilestoneFormSet(forms.BaseFormSet):
    def lines(self) -> list[dict]:
        """The schedule's lines in the order entered, without deleted and blank rows."""
        deleted = set(map(id, self.deleted_forms))
        return [
            {key: form.cleaned_data[key] for key in ("name", "planned_on", "actual_on")}
            for form in self.forms
            if id(form) not in deleted and form.cleaned_data
        ]


MilestoneFormSet = forms.formset_factory(MilestoneForm, formset=BaseMilestoneFormSet, extra=0, can_delete=True,
                                         max_num=100, validate_max=True)
