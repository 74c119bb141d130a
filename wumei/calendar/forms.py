from django import forms

from wumei.calendar.models import SpecialDay

KIND_CHOICES = [("0", "放假（休息日）"), ("1", "调休上班（工作日）")]


class SpecialDayForm(forms.Form):
    """One special day: a holiday on a weekday, or a make-up working day (调休) on a weekend."""

    day = forms.DateField(label="日期", widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}))
    is_working = forms.TypedChoiceField(
        label="类型", choices=KIND_CHOICES, coerce=lambda value: value == "1",
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )
    name = forms.CharField(label="名称", max_length=64, required=False,
                           widget=forms.TextInput(attrs={"class": "form-control", "placeholder": "如：春节"}),
                           help_text="放假填节日名称；调休上班可填对应节日名称")

    def clean(self):
        data = super().clean()
        day, is_working = data.get("day"), data.get("is_working")
        if day is not None and is_working is not None and is_working == (day.weekday() < 5):
            usual = "工作日" if is_working else "休息日"
            exists = SpecialDay.objects.filter(day=day).exists()
            hint = "如需恢复默认，请删除该日期的记录" if exists else "无需录入"
            self.add_error("is_working", f"{day:%Y年%m月%d日}按周一至周五规则本就是{usual}，{hint}")
        return data
