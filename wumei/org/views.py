"""Organisation pages: regions, units, people and their roles, working groups, teams, chains.

Non-readers get 403 (they have no organisation menu); objects outside the reader's scope are 404.
"""

import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wumei.org import forms, queries, services
from wumei.org.models import Person, Region, Role, RoleAssignment, Unit
from wumei.org.permissions import (
    can_edit_org,
    can_read_org,
    mask_phone,
    may_change_roles_of,
    may_create_login_for,
    may_edit_person,
    may_revoke,
    sees_full_phone,
)

PAGE_SIZE = 50


def _require_reader(request):
    if not can_read_org(request.user):
        raise PermissionDenied


def _require_editor(request):
    if not can_edit_org(request.user):
        raise PermissionDenied


def _page(request, qs):
    return Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))


def _int(raw) -> int | None:
    try:
        return int(raw)
    except (TypeError, ValueError):
        return None


def _editable(scope, request, pk) -> bool:
    return scope(request.user).filter(pk=pk).exists()


def _show_phones(user, people) -> None:
    full = sees_full_phone(user)
    for person in people:
        person.phone_display = person.phone if full else mask_phone(person.phone)


def _apply_errors(form, error: ValidationError) -> None:
    """Put a service's field errors on the form (unknown fields become form-wide errors)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _form_page(request, form, save, success, *, title: str, back: str, tab: str, done: str = "已保存"):
    """GET shows `form`; a valid POST goes through `save(cleaned_data)` and returns `success(saved)`."""
    if request.method == "POST" and form.is_valid():
        try:
            saved = save(dict(form.cleaned_data))
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, done)
            return success(saved)
    return render(request, "org/form.html", {"form": form, "title": title, "back": back, "tab": tab})


def _editing(obj):
    """A copy for the form: a ModelForm writes cleaned values into its instance, and the service must see
    the object as it was to record a true "before"."""
    return copy.copy(obj)


# Regions -----------------------------------------------------------------------------------------------


@login_required
@require_GET
def region_list(request):
    """The region tree of the reader's scope, province → city → county → town."""
    _require_reader(request)
    regions = list(queries.regions_visible_to(request.user).order_by("path").annotate(unit_count=Count("units")))
    top = min((r.path.count("/") for r in regions), default=0)
    for region in regions:
        region.depth = region.path.count("/") - top
    editable_ids = set(queries.regions_editable_by(request.user).values_list("pk", flat=True))
    return render(request, "org/region_list.html", {
        "regions": regions, "editable_ids": editable_ids, "can_edit": can_edit_org(request.user), "tab": "region",
    })


@login_required
@require_http_methods(["GET", "POST"])
def region_create(request):
    _require_editor(request)
    parent = queries.regions_editable_by(request.user).filter(pk=_int(request.GET.get("parent"))).first()
    initial = {"parent": parent, "level": _child_level(parent)} if parent else {}
    form = forms.RegionForm(request.POST or None, user=request.user, initial=initial)
    return _form_page(request, form, lambda data: services.save_region_in_tree(request.user, data),
                      lambda region: redirect("org:region-list"),
                      title="新增行政区划", back=reverse("org:region-list"), tab="region")


def _child_level(parent: Region) -> str:
    levels = Region.Level.values
    return levels[min(levels.index(parent.level) + 1, len(levels) - 1)]


@login_required
@require_http_methods(["GET", "POST"])
def region_edit(request, pk):
    _require_editor(request)
    region = get_object_or_404(queries.regions_editable_by(request.user), pk=pk)
    form = forms.RegionForm(request.POST or None, instance=_editing(region), user=request.user)
    return _form_page(request, form, lambda data: services.save_region_in_tree(request.user, data, region),
                      lambda saved: redirect("org:region-list"),
                      title=f"修改行政区划：{region.name}", back=reverse("org:region-list"), tab="region")


# Units -------------------------------------------------------------------------------------------------


@login_required
@require_GET
def unit_list(request):
    """Units of the scope, filtered by kind and searched by name, with the number of units of each kind."""
    _require_reader(request)
    q = request.GET.get("q", "")
    kind = request.GET.get("kind", "")
    if kind not in Unit.Kind.values:
        kind = ""
    scoped = queries.units_visible_to(request.user)
    region = None
    if request.GET.get("region"):
        region = get_object_or_404(queries.regions_visible_to(request.user), pk=_int(request.GET["region"]))
        scoped = scoped.filter(region__path__startswith=region.path)
    counts = queries.unit_kind_counts(queries.search_units(scoped, q=q))
    units = queries.search_units(scoped, q=q, kind=kind).select_related("region", "parent").order_by("kind", "name", "pk")
    kinds = [(value, label, counts.get(value, 0)) for value, label in Unit.Kind.choices]
    return render(request, "org/unit_list.html", {
        "page": _page(request, units), "kinds": kinds, "kind": kind, "q": q, "region": region,
        "total": sum(counts.values()),
        "can_edit": can_edit_org(request.user), "tab": "unit",
    })


@login_required
@require_GET
def unit_detail(request, pk):
    _require_reader(request)
    unit = get_object_or_404(queries.units_visible_to(request.user).select_related("region", "parent"), pk=pk)
    people = list(unit.people.select_related("user").prefetch_related("roles").order_by("-is_active", "name"))
    _show_phones(request.user, people)
    projects = queries.org_projects_visible_to(request.user)
    return render(request, "org/unit_detail.html", {
        "unit": unit,
        "people": people,
        "responsible_projects": projects.filter(responsible_unit=unit).order_by("name"),
        "owned_projects": projects.filter(owner=unit).order_by("name"),
        "located_projects": projects.filter(park=unit).order_by("name") if unit.kind == Unit.Kind.PARK
        else projects.filter(town=unit).order_by("name") if unit.kind == Unit.Kind.TOWN else [],
        "children": unit.children.order_by("name"),
        "can_edit": can_edit_org(request.user) and _editable(queries.units_editable_by, request, pk),
        "tab": "unit",
    })


@login_required
@require_http_methods(["GET", "POST"])
def unit_create(request):
    _require_editor(request)
    initial = {"kind": request.GET["kind"]} if request.GET.get("kind") in Unit.Kind.values else {}
    form = forms.UnitForm(request.POST or None, user=request.user, initial=initial)
    return _form_page(request, form, lambda data: services.save_unit(request.user, data),
                      lambda unit: redirect("org:unit-detail", pk=unit.pk),
                      title="新增单位", back=reverse("org:unit-list"), tab="unit")


@login_required
@require_http_methods(["GET", "POST"])
def unit_edit(request, pk):
    _require_editor(request)
    unit = get_object_or_404(queries.units_editable_by(request.user), pk=pk)
    form = forms.UnitForm(request.POST or None, instance=_editing(unit), user=request.user)
    return _form_page(request, form, lambda data: services.save_unit(request.user, data, unit),
                      lambda saved: redirect("org:unit-detail", pk=saved.pk),
                      title=f"修改单位：{unit.name}", back=reverse("org:unit-detail", args=[unit.pk]), tab="unit")


# People ------------------------------------------------------------------------------------------------


@login_required
@require_GET
def person_list(request):
    _require_reader(request)
    q = request.GET.get("q", "")
    unit_id = _int(request.GET.get("unit"))
    role = request.GET.get("role", "")
    if role not in Role.values:
        role = ""
    people = queries.search_people(queries.people_visible_to(request.user), q=q, unit=unit_id, role=role)
    people = people.select_related("unit", "region").prefetch_related("roles").order_by("name", "pk")
    page = _page(request, people)
    _show_phones(request.user, page.object_list)
    return render(request, "org/person_list.html", {
        "page": page, "q": q, "unit_id": unit_id, "role": role, "roles": Role.choices,
        "units": queries.units_visible_to(request.user).exclude(kind=Unit.Kind.ENTERPRISE).only("pk", "name"),
        "can_edit": can_edit_org(request.user), "tab": "person",
    })


@login_required
@require_GET
def person_detail(request, pk):
    _require_reader(request)
    person = get_object_or_404(
        queries.people_visible_to(request.user).select_related("unit", "region", "user"), pk=pk
    )
    _show_phones(request.user, [person])
    visible_regions = queries.regions_visible_to(request.user).values("pk")
    assignments = list(
        person.roles.filter(region__in=visible_regions).select_related("region", "unit").order_by("role", "pk")
    )
    editable_assignments = set(
        queries.assignments_editable_by(request.user).filter(person=person).values_list("pk", flat=True)
    )
    in_reach = _editable(queries.people_editable_by, request, pk)
    editable = in_reach and may_edit_person(request.user, person)
    changes_roles = in_reach and may_change_roles_of(request.user, person)
    for assignment in assignments:
        assignment.revocable = (
            changes_roles and assignment.pk in editable_assignments and may_revoke(request.user, assignment.role)
        )
    role_form = None
    if changes_roles:
        role_form = forms.RoleAssignForm(user=request.user, initial={"region": person.region_id, "unit": person.unit_id})
    return render(request, "org/person_detail.html", {
        "person": person,
        "assignments": assignments,
        "role_form": role_form,
        "can_edit": editable,
        "can_create_login": in_reach and may_create_login_for(request.user, person),
        "groups": person.working_groups.all(),
        "led_groups": person.led_groups.all(),
        "chains": person.led_chains.all(),
        "deputy_chains": person.deputy_chains.all(),
        "tab": "person",
    })


@login_required
@require_http_methods(["GET", "POST"])
def person_create(request):
    _require_editor(request)
    unit = queries.units_editable_by(request.user).filter(pk=_int(request.GET.get("unit"))).first()
    initial = {"unit": unit, "region": unit.region_id} if unit else {}
    form = forms.PersonForm(request.POST or None, user=request.user, initial=initial)
    return _form_page(request, form, lambda data: services.save_person(request.user, data),
                      lambda person: redirect("org:person-detail", pk=person.pk),
                      title="新增人员", back=reverse("org:person-list"), tab="person")


@login_required
@require_http_methods(["GET", "POST"])
def person_edit(request, pk):
    _require_editor(request)
    person = get_object_or_404(queries.people_editable_by(request.user), pk=pk)
    if not may_edit_person(request.user, person):
        raise PermissionDenied
    form = forms.PersonForm(request.POST or None, instance=_editing(person), user=request.user)
    return _form_page(request, form, lambda data: services.save_person(request.user, data, person),
                      lambda saved: redirect("org:person-detail", pk=saved.pk),
                      title=f"修改人员：{person.name}", back=reverse("org:person-detail", args=[person.pk]),
                      tab="person")


@login_required
@require_POST
def role_assign(request, pk):
    """Give a person a role in a region (and unit) of the editor's scope."""
    _require_editor(request)
    person = get_object_or_404(queries.people_editable_by(request.user), pk=pk)
    if not may_change_roles_of(request.user, person):
        raise PermissionDenied
    form = forms.RoleAssignForm(request.POST, user=request.user)
    if form.is_valid():
        data = form.cleaned_data
        existed = RoleAssignment.objects.filter(
            person=person, role=data["role"], region=data["region"], unit=data["unit"]
        ).exists()
        try:
            services.assign_role(request.user, person, data["role"], data["region"], data["unit"])
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect("org:person-detail", pk=person.pk)
        if existed:
            messages.info(request, "该人员已有此角色，未重复分配")
        else:
            messages.success(request, f"已分配角色「{Role(data['role']).label}」")
        return redirect("org:person-detail", pk=person.pk)
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)
    return redirect("org:person-detail", pk=person.pk)


@login_required
@require_POST
def role_revoke(request, pk):
    _require_editor(request)
    assignment = get_object_or_404(queries.assignments_editable_by(request.user).select_related("person"), pk=pk)
    if not may_change_roles_of(request.user, assignment.person) or not may_revoke(request.user, assignment.role):
        raise PermissionDenied
    person_pk = assignment.person_id
    label = assignment.get_role_display()
    services.revoke_role(request.user, assignment)
    messages.success(request, f"已撤销角色「{label}」")
    return redirect("org:person-detail", pk=person_pk)


@login_required
@require_http_methods(["GET", "POST"])
def person_create_login(request, pk):
    """The system administrator opens a login for a person; the HQ office may not (separation of duties)."""
    _require_reader(request)
    person = get_object_or_404(queries.people_visible_to(request.user), pk=pk)
    if not may_create_login_for(request.user, person) or not _editable(queries.people_editable_by, request, pk):
        raise PermissionDenied
    form = forms.LoginForm(request.POST or None, person=person)

    def save(data):
        return services.create_login(request.user, person, data["username"], data["password1"])

    return _form_page(request, form, save, lambda user: redirect("org:person-detail", pk=person.pk),
                      title=f"开通登录账号：{person.name}", back=reverse("org:person-detail", args=[person.pk]),
                      tab="person", done=f"已为{person.name}开通登录账号，请将初始密码当面告知本人")


# 1+8+N: working groups and teams -----------------------------------------------------------------------


@login_required
@require_GET
def group_list(request):
    _require_reader(request)
    groups = (
        queries.working_groups_visible_to(request.user)
        .select_related("leader", "lead_unit", "region")
        .prefetch_related(Prefetch("members", queryset=Person.objects.order_by("name", "pk")))
        .order_by("region__path", "id")
    )
    return render(request, "org/group_list.html", {
        "groups": groups, "can_edit": can_edit_org(request.user), "tab": "group",
    })


@login_required
@require_http_methods(["GET", "POST"])
def group_create(request):
    _require_editor(request)
    form = forms.WorkingGroupForm(request.POST or None, user=request.user)
    return _form_page(request, form, lambda data: services.save_working_group(request.user, data),
                      lambda group: redirect("org:group-list"),
                      title="新增专项工作组", back=reverse("org:group-list"), tab="group")


@login_required
@require_http_methods(["GET", "POST"])
def group_edit(request, pk):
    _require_editor(request)
    group = get_object_or_404(queries.working_groups_editable_by(request.user), pk=pk)
    form = forms.WorkingGroupForm(request.POST or None, instance=_editing(group), user=request.user)
    return _form_page(request, form, lambda data: services.save_working_group(request.user, data, group),
                      lambda saved: redirect("org:group-list"),
                      title=f"修改专项工作组：{group.name}", back=reverse("org:group-list"), tab="group")


@login_required
@require_GET
def team_list(request):
    """Read-only overview of the project teams (工作专班); they are kept on the project pages."""
    _require_reader(request)
    teams = (
        queries.teams_visible_to(request.user)
        .select_related("project", "leader")
        .annotate(member_count=Count("members"))
        .order_by("project__name", "pk")
    )
    return render(request, "org/team_list.html", {"page": _page(request, teams), "tab": "team"})


# Chains ------------------------------------------------------------------------------------------------


@login_required
@require_GET
def chain_list(request):
    _require_reader(request)
    chains = (
        queries.chains_visible_to(request.user)
        .select_related("leader", "region")
        .prefetch_related(Prefetch("deputies", queryset=Person.objects.order_by("name", "pk")))
        .annotate(project_count=Count("projects"))
        .order_by("region__path", "id")
    )
    return render(request, "org/chain_list.html", {
        "chains": chains, "can_edit": can_edit_org(request.user), "tab": "chain",
    })


@login_required
@require_http_methods(["GET", "POST"])
def chain_create(request):
    _require_editor(request)
    form = forms.ChainForm(request.POST or None, user=request.user)
    return _form_page(request, form, lambda data: services.save_chain(request.user, data),
                      lambda chain: redirect("org:chain-list"),
                      title="新增产业链", back=reverse("org:chain-list"), tab="chain")


@login_required
@require_http_methods(["GET", "POST"])
def chain_edit(request, pk):
    _require_editor(request)
    chain = get_object_or_404(queries.chains_editable_by(request.user), pk=pk)
    form = forms.ChainForm(request.POST or None, instance=_editing(chain), user=request.user)
    return _form_page(request, form, lambda data: services.save_chain(request.user, data, chain),
                      lambda saved: redirect("org:chain-list"),
                      title=f"修改产业链：{chain.name}", back=reverse("org:chain-list"), tab="chain")
