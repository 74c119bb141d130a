"""Forms of the organisation pages. Every choice offered is limited to the editor's scope."""

import re

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password

from wumei.org import queries
from wumei.org.models import Chain, Person, Region, Role, Unit, WorkingGroup
from wumei.org.permissions import assignable_roles
from wumei.org.principal import principal_of

PHONE_RE = re.compile(r"^[0-9+\-\s()]{3,20}$")
# Roles that only make sense within one unit (or, for the owner, one enterprise).
UNIT_BOUND_ROLES = {Role.LIAISON, Role.UNIT_HEAD, Role.ENTERPRISE}


class RegionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name}（{obj.code}）"


class TablerForm:
    """Give every widget Tabler's classes."""

    def style(self):
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")


class RegionForm(TablerForm, forms.ModelForm):
    parent = RegionChoiceField(label="上级区划", queryset=Region.objects.none(), required=False)

    class Meta:
        model = Region
        fields = ["code", "name", "level", "parent"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        editable = queries.regions_editable_by(user).order_by("path")
        region = self.instance
        if region.pk:
            editable = editable.exclude(path__startswith=region.path)
            has_children = region.children.exists()
            parent_out_of_reach = region.parent_id is None or not editable.filter(pk=region.parent_id).exists()
            if has_children:
                del self.fields["code"]
            if has_children or (parent_out_of_reach and not principal_of(user).is_superuser):
                del self.fields["parent"]
        if "parent" in self.fields:
            self.fields["parent"].queryset = editable
            # Outside a superuser's hands every new region hangs below one already in scope.
            self.fields["parent"].required = not principal_of(user).is_superuser
        self.style()


class UnitForm(TablerForm, forms.ModelForm):
    region = RegionChoiceField(label="所属区划", queryset=Region.objects.none())

    class Meta:
        model = Unit
        fields = ["name", "short_name", "kind", "region", "parent", "credit_code", "area_hectares",
                  "is_top500", "contact_phone", "is_active"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = queries.regions_editable_by(user).order_by("path")
        parents = queries.units_editable_by(user).exclude(kind=Unit.Kind.ENTERPRISE)
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents
        self.fields["area_hectares"].help_text = "园区填写规划面积，单位：公顷"
        self.style()

    def clean_contact_phone(self):
        return _clean_phone(self.cleaned_data.get("contact_phone", ""))


class PersonForm(TablerForm, forms.ModelForm):
    region = RegionChoiceField(label="所属区划", queryset=Region.objects.none())

    class Meta:
        model = Person
        fields = ["name", "title", "unit", "region", "phone", "is_active"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = queries.regions_editable_by(user).order_by("path")
        self.fields["unit"].queryset = queries.units_editable_by(user)
        self.style()

    def clean_phone(self):
        return _clean_phone(self.cleaned_data.get("phone", ""))


def _clean_phone(value: str) -> str:
    value = (value or "").strip()
    if value and not PHONE_RE.match(value):
        raise forms.ValidationError("请输入有效的电话号码")
    return value


class RoleAssignForm(TablerForm, forms.Form):
    role = forms.ChoiceField(label="角色")
    region = RegionChoiceField(label="适用区划", queryset=Region.objects.none())
    unit = forms.ModelChoiceField(label="适用单位", queryset=Unit.objects.none(), required=False,
                                  help_text="联络员、单位负责人、项目业主须选择单位")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [("", "请选择")] + assignable_roles(user)
        self.fields["region"].queryset = queries.regions_editable_by(user).order_by("path")
        self.fields["unit"].queryset = queries.units_editable_by(user).select_related("region")
        self.style()

    def clean(self):
        data = super().clean()
        role, region, unit = data.get("role"), data.get("region"), data.get("unit")
        if role in UNIT_BOUND_ROLES and unit is None:
            self.add_error("unit", f"「{Role(role).label}」必须指定单位")
        if role == Role.ENTERPRISE and unit is not None and unit.kind != Unit.Kind.ENTERPRISE:
            self.add_error("unit", "项目业主角色只能指定企业")
        if region is not None and unit is not None and not unit.region.path.startswith(region.path):
            self.add_error("unit", f"「{unit.name}」不在「{region.name}」范围内")
        return data


class LoginForm(TablerForm, forms.Form):
    username = forms.CharField(label="登录名", max_length=150,
                               help_text="字母、数字和 @ . + - _，开通后不能修改")
    password1 = forms.CharField(label="初始密码", strip=False, widget=forms.PasswordInput(render_value=False))
    password2 = forms.CharField(label="确认密码", strip=False, widget=forms.PasswordInput(render_value=False))

    def __init__(self, *args, person: Person, **kwargs):
        super().__init__(*args, **kwargs)
        self.person = person
        self.style()

    def clean_username(self):
        User = get_user_model()
        username = self.cleaned_data["username"].strip()
        User.username_validator(username)
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError("该登录名已被使用")
        return username

    def clean(self):
        data = super().clean()
        password1, password2 = data.get("password1"), data.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", "两次输入的密码不一致")
        elif password1:
            User = get_user_model()
            candidate = User(username=data.get("username", ""), first_name=self.person.name)
            try:
                validate_password(password1, user=candidate)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


class WorkingGroupForm(TablerForm, forms.ModelForm):
    region = RegionChoiceField(label="所属区划", queryset=Region.objects.none())

    class Meta:
        model = WorkingGroup
        fields = ["name", "region", "leader", "lead_unit", "members", "duties"]
        widgets = {"duties": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        people = queries.people_editable_by(user).select_related("unit")
        self.fields["region"].queryset = queries.regions_editable_by(user).order_by("path")
        self.fields["leader"].queryset = people
        self.fields["members"].queryset = people
        self.fields["members"].widget.attrs["size"] = 10
        self.fields["members"].help_text = "按住 Ctrl（手机上直接点选）可多选"
        self.fields["lead_unit"].queryset = queries.units_editable_by(user).exclude(kind=Unit.Kind.ENTERPRISE)
        self.style()


class ChainForm(TablerForm, forms.ModelForm):
    region = RegionChoiceField(label="所属区划", queryset=Region.objects.none())

    class Meta:
        model = Chain
        fields = ["name", "region", "leader", "deputies", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        people = queries.people_editable_by(user)
        self.fields["region"].queryset = queries.regions_editable_by(user).order_by("path")
        self.fields["leader"].queryset = people
        self.fields["deputies"].queryset = people
        self.fields["deputies"].widget.attrs["size"] = 8
        self.style()

    def clean(self):
        data = super().clean()
        leader, deputies = data.get("leader"), data.get("deputies")
        if leader is not None and deputies is not None and leader in deputies:
            self.add_error("deputies", "链长不能同时是副链长")
        return data
