"""Forms of approval efficiency: an approval item with its baseline and actuals."""

from django import forms

from wumei.approvals.models import ApprovalItem

SELECT = {"class": "form-select"}
TEXT = {"class": "form-control"}
NUMBER = {"class": "form-control", "min": "0"}
DATE = {"class": "form-control", "type": "date"}


class ItemForm(forms.Form):
    kind = forms.ChoiceField(label="审批事项", choices=ApprovalItem.Kind.choices, widget=forms.Select(attrs=SELECT))
    name = forms.CharField(label="事项名称", max_length=100, required=False, widget=forms.TextInput(attrs=TEXT),
                           help_text="“其他审批事项”须填写，如“水土保持方案审批”")
    department = forms.ModelChoiceField(label="审批部门", queryset=None, widget=forms.Select(attrs=SELECT))
    mode = forms.ChoiceField(label="办理模式", choices=ApprovalItem.Mode.choices, widget=forms.RadioSelect)
    statutory_days = forms.IntegerField(label="法定时限（工作日）", min_value=1, max_value=720,
                                        widget=forms.NumberInput(attrs=NUMBER))
    statutory_steps = forms.IntegerField(label="法定环节（个）", min_value=0, max_value=720,
                                         widget=forms.NumberInput(attrs=NUMBER))
    actual_steps = forms.IntegerField(label="实际环节（个）", min_value=0, max_value=720,
                                      widget=forms.NumberInput(attrs=NUMBER))
    statutory_materials = forms.IntegerField(label="法定材料（份）", min_value=0, max_value=720,
                                             widget=forms.NumberInput(attrs=NUMBER))
    actual_materials = forms.IntegerField(label="实际材料（份）", min_value=0, max_value=720,
                                          widget=forms.NumberInput(attrs=NUMBER))
    applied_on = forms.DateField(label="受理日期", widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))
    approved_on = forms.DateField(label="办结日期", required=False,
                                  widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
                                  help_text="尚未办结的留空；实际用时按工作日计（受理当日不计）")
    note = forms.CharField(label="备注", required=False, widget=forms.Textarea(attrs={**TEXT, "rows": 2}))

    def __init__(self, *args, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments
        self.fields["mode"].initial = ApprovalItem.Mode.ORDINARY
