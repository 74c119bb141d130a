"""Forms of the cockpit: the date and region pickers, a month's statistics, the statistics import."""

import datetime

from django import forms

from wumei.cockpit.models import MonthlyStatistic
from wumei.core.money import MoneyError, parse_wan

SELECT = {"class": "form-select"}
TEXT = {"class": "form-control"}


class PickerForm(forms.Form):
    on = forms.DateField(label="截至日期", required=False, widget=forms.DateInput(attrs={**TEXT, "type": "date"}))
    region = forms.ChoiceField(label="地区", required=False, widget=forms.Select(attrs=SELECT))

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [
            (r.code, ("　" * max(0, r.path.count("/") - 2)) + r.name) for r in regions]

    def day(self, today: datetime.date) -> datetime.date:
        if self.is_bound and self.is_valid() and self.cleaned_data.get("on"):
            return min(self.cleaned_data["on"], today)
        return today


class StatisticForm(forms.Form):
    region = forms.ChoiceField(label="地区", widget=forms.Select(attrs=SELECT))
    year = forms.IntegerField(label="年度", widget=forms.NumberInput(attrs=TEXT))
    month = forms.IntegerField(label="月份", min_value=1, max_value=12, widget=forms.NumberInput(attrs=TEXT),
                               error_messages={"min_value": "月份应为1至12", "max_value": "月份应为1至12"})
    fai_amount = forms.CharField(label=MonthlyStatistic._meta.get_field("fai_amount").verbose_name,
                                 widget=forms.TextInput(attrs={**TEXT, "inputmode": "decimal"}))
    fai_growth = forms.DecimalField(label="固定资产投资同比增长（%）", required=False, max_digits=7, decimal_places=1,
                                    widget=forms.NumberInput(attrs={**TEXT, "step": "0.1"}))
    gdp_growth = forms.DecimalField(label="地区生产总值同比增长（%）", required=False, max_digits=7, decimal_places=1,
                                    widget=forms.NumberInput(attrs={**TEXT, "step": "0.1"}))
    industry_growth = forms.DecimalField(label="规模工业增加值同比增长（%）", required=False, max_digits=7,
                                         decimal_places=1, widget=forms.NumberInput(attrs={**TEXT, "step": "0.1"}))

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [(r.code, r.name) for r in regions]

    def clean_fai_amount(self):
        try:
            value = parse_wan(self.cleaned_data["fai_amount"])
        except MoneyError as exc:
            raise forms.ValidationError(str(exc)) from exc
        if value is None:
            raise forms.ValidationError("请填写固定资产投资累计（万元）")
        return value


class ImportForm(forms.Form):
    file = forms.FileField(label="统计局Excel文件（.xlsx）", widget=forms.ClearableFileInput(attrs={**TEXT, "accept": ".xlsx"}))
