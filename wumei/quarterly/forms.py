"""Forms of 每季必考: the method (name, lines, award rules as formsets), scoring, awards."""

from decimal import Decimal

from django import forms

from wumei.quarterly import indicators, rules
from wumei.quarterly.models import AwardKind, Group, Score

INPUT = {"class": "form-control"}
SELECT = {"class": "form-select"}


class MethodForm(forms.Form):
    name = forms.CharField(label="名称", max_length=100, widget=forms.TextInput(attrs=INPUT))
    note = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={**INPUT, "rows": 2}))


class NewMethodForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100, widget=forms.NumberInput(attrs=INPUT))
    name = forms.CharField(label="名称", max_length=100, initial="重点项目建设工作考核办法",
                           widget=forms.TextInput(attrs=INPUT))


class LineForm(forms.Form):
    group = forms.ChoiceField(label="考核对象", choices=[("", "—")] + Group.choices, widget=forms.Select(attrs=SELECT))
    indicator = forms.ChoiceField(label="指标", widget=forms.Select(attrs=SELECT))
    weight = forms.DecimalField(label="权重", max_digits=5, decimal_places=2, min_value=Decimal("0.01"),
                                max_value=Decimal(100), widget=forms.NumberInput(attrs={**INPUT, "step": "0.01"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].choices = [("", "—")] + [(c, i.label) for c, i in indicators.CATALOG.items()]


class AwardRuleForm(forms.Form):
    kind = forms.ChoiceField(label="奖项", choices=[("", "—")] + AwardKind.choices, widget=forms.Select(attrs=SELECT))
    group = forms.ChoiceField(label="授予对象", choices=[("", "—")] + Group.choices, widget=forms.Select(attrs=SELECT))
    top_n = forms.IntegerField(label="名额（前N名）", required=False, min_value=1,
                               widget=forms.NumberInput(attrs=INPUT))
    min_total = forms.DecimalField(label="最低总分", required=False, max_digits=6, decimal_places=2,
                                   widget=forms.NumberInput(attrs={**INPUT, "step": "0.01"}))
    indicator = forms.ChoiceField(label="门槛指标", required=False, widget=forms.Select(attrs=SELECT))
    indicator_min = forms.DecimalField(label="指标门槛值", required=False, max_digits=6, decimal_places=2,
                                       widget=forms.NumberInput(attrs={**INPUT, "step": "0.01"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].choices = [("", "（不设）")] + [(c, i.label) for c, i in indicators.CATALOG.items()]


LineFormSet = forms.formset_factory(LineForm, extra=2, can_delete=True)
AwardRuleFormSet = forms.formset_factory(AwardRuleForm, extra=1, can_delete=True)


def _kept(formset) -> list[dict]:
    """The rows filled in and not marked for deletion (blank extra rows have no cleaned data)."""
    return [f.cleaned_data for f in formset.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]


def lines_of(formset) -> list[rules.Line]:
    return [rules.Line(d["group"], d["indicator"], d["weight"]) for d in _kept(formset)]


def award_rules_of(formset) -> list[rules.AwardRule]:
    return [rules.AwardRule(kind=d["kind"], group=d["group"], top_n=d.get("top_n"), min_total=d.get("min_total"),
                            indicator=d.get("indicator") or "", indicator_min=d.get("indicator_min"))
            for d in _kept(formset)]


def line_initial(method) -> list[dict]:
    return [{"group": line.group, "indicator": line.indicator, "weight": line.weight} for line in method.lines.all()]


def rule_initial(method) -> list[dict]:
    return [{"kind": r.kind, "group": r.group, "top_n": r.top_n, "min_total": r.min_total, "indicator": r.indicator,
             "indicator_min": r.indicator_min} for r in method.award_rules.all()]


class ScoreForm(forms.Form):
    quarter = forms.ChoiceField(label="季度", widget=forms.Select(attrs=SELECT))

    def __init__(self, *args, quarters: list[rules.Quarter], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["quarter"].choices = [(q.code, q.label) for q in quarters]

    def clean_quarter(self) -> rules.Quarter:
        return rules.parse_quarter(self.cleaned_data["quarter"])


class AwardAddForm(forms.Form):
    kind = forms.ChoiceField(label="奖项", choices=AwardKind.choices, widget=forms.Select(attrs=SELECT))
    score = forms.ModelChoiceField(label="获奖对象", queryset=Score.objects.none(), widget=forms.Select(attrs=SELECT))
    reason = forms.CharField(label="增补理由", widget=forms.Textarea(attrs={**INPUT, "rows": 2}))

    def __init__(self, *args, run, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["score"].queryset = run.scores.order_by("group", "rank", "name")
        self.fields["score"].label_from_instance = lambda s: f"{s.get_group_display()}·{s.name}"


class AwardRemoveForm(forms.Form):
    reason = forms.CharField(label="撤销理由", widget=forms.TextInput(attrs={**INPUT, "placeholder": "撤销理由"}))
