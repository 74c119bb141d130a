"""Forms of 百企评百岗: a round with its criteria, a post, and the enterprise's scoring form."""

from django import forms

from wumei.org.models import Person, Unit
from wumei.ratings import rules
from wumei.ratings.models import Post, RatingRound
from wumei.ratings.services import POST_UNIT_KINDS

SELECT = {"class": "form-select"}
TEXT = {"class": "form-control"}
DATE = {"class": "form-control", "type": "date"}


class RoundForm(forms.Form):
    name = forms.CharField(label="轮次名称", max_length=32, widget=forms.TextInput(attrs=TEXT),
                           help_text="如“2026年第三季度”")
    opens_on = forms.DateField(label="开始日期", widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))
    closes_on = forms.DateField(label="截止日期", widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))
    min_sample = forms.IntegerField(label="最少评议数", min_value=1, max_value=100, initial=rules.DEFAULT_MIN_SAMPLE,
                                    widget=forms.NumberInput(attrs=TEXT),
                                    help_text=RatingRound._meta.get_field("min_sample").help_text)
    criteria = forms.CharField(
        label="评议指标", widget=forms.Textarea(attrs={**TEXT, "rows": 5}),
        initial=rules.criteria_text(rules.DEFAULT_CRITERIA),
        help_text="每行一项：名称 满分 权重，如“服务态度 25 1”。得分按权重折算为百分制")


class RoundEditForm(RoundForm):
    """A round's name, days and minimum sample; its criteria are fixed once it exists."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["criteria"]


class PostForm(forms.Form):
    unit = forms.ModelChoiceField(label="所在单位", queryset=None, widget=forms.Select(attrs=SELECT))
    name = forms.CharField(label="岗位名称", max_length=64, widget=forms.TextInput(attrs=TEXT),
                           help_text="如“投资项目审批岗”“综合受理窗口”")
    category = forms.ChoiceField(label="岗位类别", choices=Post.Category.choices, widget=forms.Select(attrs=SELECT))
    duties = forms.CharField(label="岗位职责", required=False, widget=forms.Textarea(attrs={**TEXT, "rows": 2}))
    staff = forms.ModelMultipleChoiceField(label="在岗人员", required=False, queryset=None,
                                           widget=forms.SelectMultiple(attrs={**SELECT, "size": 6}))
    is_active = forms.BooleanField(label="参加评议", required=False, initial=True,
                                   widget=forms.CheckboxInput(attrs={"class": "form-check-input"}))

    def __init__(self, *args, county, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(
            region__path__startswith=county.path, kind__in=POST_UNIT_KINDS, is_active=True).order_by("kind", "name")
        self.fields["staff"].queryset = Person.objects.filter(
            region__path__startswith=county.path, is_active=True, unit__kind__in=POST_UNIT_KINDS,
        ).select_related("unit").order_by("unit__name", "name", "id")
        self.fields["staff"].label_from_instance = lambda p: f"{p.name}（{p.unit.name}）"


class RatingForm(forms.Form):
    """One whole-number field per criterion of the round, then a free comment."""

    comment = forms.CharField(label="意见建议", required=False, max_length=500,
                              widget=forms.Textarea(attrs={**TEXT, "rows": 3}))

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        scored = {}
        for criterion in self.criteria:
            scored[f"criterion_{criterion.pk}"] = forms.IntegerField(
                label=f"{criterion.name}（满分{criterion.max_score}）", min_value=0, max_value=criterion.max_score,
                widget=forms.NumberInput(attrs={**TEXT, "inputmode": "numeric", "min": 0,
                                                "max": criterion.max_score, "step": 1}),
                error_messages={"required": f"请为“{criterion.name}”打分",
                                "min_value": f"“{criterion.name}”的分数应在0–{criterion.max_score}之间",
                                "max_value": f"“{criterion.name}”的分数应在0–{criterion.max_score}之间",
                                "invalid": f"“{criterion.name}”请填写整数"},
            )
        self.fields = {**scored, "comment": self.fields["comment"]}

    def values(self) -> dict[int, int | None]:
        return {c.pk: self.cleaned_data.get(f"criterion_{c.pk}") for c in self.criteria}
