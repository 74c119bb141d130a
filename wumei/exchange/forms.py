from django import forms
from django.conf import settings

from wumei.exchange.parser import size_error
from wumei.projects.models import Level, Stage


class ImportForm(forms.Form):
    """Upload of a 重点项目调度表 (.xlsx)."""

    file = forms.FileField(label="调度表文件（.xlsx）")
    as_of = forms.DateField(
        label="截至日期", required=False, input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="进度数据的截至日期；留空则取表头上方“截至……”一行的日期",
    )
    dry_run = forms.BooleanField(label="仅校验不导入", required=False)
    strict = forms.BooleanField(label="严格模式：表中的单位、人员、产业链必须已存在，不自动新建", required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        too_big = size_error(upload.size, settings.IMPORT_MAX_BYTES)
        if too_big:
            raise forms.ValidationError(too_big)
        return upload


class ExportFilterForm(forms.Form):
    """The registry list's filters, carried on the export link; invalid values are ignored."""

    q = forms.CharField(required=False, max_length=100)
    level = forms.ChoiceField(required=False, choices=[("", ""), *Level.choices])
    stage = forms.ChoiceField(required=False, choices=[("", ""), *Stage.choices])
    chain = forms.IntegerField(required=False, min_value=1)
    unit = forms.IntegerField(required=False, min_value=1)
    place = forms.IntegerField(required=False, min_value=1)
    overdue = forms.BooleanField(required=False)

    def filters(self) -> dict:
        """The valid filters, as keyword arguments of wumei.projects.queries.filter_projects."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {key: data[key] for key in self.fields if data.get(key) not in (None, "", False)}
