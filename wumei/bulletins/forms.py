"""Forms of the bulletin pages: the HQ office's text of a draft, drafting one, the counts' period."""

import datetime

from django import forms

from wumei.bulletins.texts import SECTIONS

SELECT = {"class": "form-select"}
TEXT = {"class": "form-control"}
DATE = {"class": "form-control", "type": "date"}


class BulletinForm(forms.Form):
    title = forms.CharField(label="标题", max_length=200, widget=forms.TextInput(attrs=TEXT))
    recipients = forms.CharField(label="主送", max_length=200, required=False, widget=forms.TextInput(attrs=TEXT))
    intro = forms.CharField(label="导语", required=False, widget=forms.Textarea(attrs={**TEXT, "rows": 3}))
    requirements = forms.CharField(label="下步工作要求", required=False,
                                   widget=forms.Textarea(attrs={**TEXT, "rows": 6}),
                                   help_text="每行一段")
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, heading in SECTIONS.items():
            self.fields[f"comment_{key}"] = forms.CharField(
                label=f"“{heading}”点评", required=False, widget=forms.Textarea(attrs={**TEXT, "rows": 3}),
                help_text="写在本节数据之后，每行一段；留空则不写")

    @staticmethod
    def initial_of(bulletin) -> dict:
        initial = {"title": bulletin.title, "recipients": bulletin.recipients, "intro": bulletin.intro,
                   "requirements": bulletin.requirements, "version": bulletin.version}
        for key in SECTIONS:
            initial[f"comment_{key}"] = (bulletin.comments or {}).get(key, "")
        return initial

    def comments(self) -> dict[str, str]:
        return {key: self.cleaned_data.get(f"comment_{key}", "") for key in SECTIONS}

    def section_fields(self):
        return [self[f"comment_{key}"] for key in SECTIONS]


class DraftForm(forms.Form):
    county = forms.ModelChoiceField(label="县（区）", queryset=None, widget=forms.Select(attrs=SELECT))
    on = forms.DateField(label="起草日期", widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
                         help_text="起草该日期上一旬的通报，数据截至上一旬最后一天")

    def __init__(self, *args, counties, today: datetime.date, first=None, **kwargs):
        kwargs.setdefault("initial", {"on": today, "county": first})
        super().__init__(*args, **kwargs)
        self.fields["county"].queryset = counties
        self.today = today

    def clean_on(self):
        on = self.cleaned_data["on"]
        if on > self.today:
            raise forms.ValidationError("不能为将来的日期起草通报")
        return on


class CountsForm(forms.Form):
    start = forms.DateField(label="起始日期", widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))
    end = forms.DateField(label="截止日期", widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))
    county = forms.ModelChoiceField(label="县（区）", queryset=None, required=False, empty_label=None,
                                    widget=forms.Select(attrs=SELECT))

    MAX_DAYS = 3660

    def __init__(self, *args, counties, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["county"].queryset = counties

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end:
            if end < start:
                self.add_error("end", "截止日期不能早于起始日期")
            elif (end - start).days > self.MAX_DAYS:
                self.add_error("end", "统计期间不能超过十年")
        return data

    def period(self, default: tuple[datetime.date, datetime.date]) -> tuple[datetime.date, datetime.date]:
        """The chosen period when valid, else the default."""
        if self.is_bound and self.is_valid():
            return self.cleaned_data["start"], self.cleaned_data["end"]
        return default
