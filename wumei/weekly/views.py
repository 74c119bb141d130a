"""每周必访 pages: the week's round, visits, coverage, secretaries, chains (five lists and one map) and
investment leads. Thin: parse → fetch scoped (wumei.weekly.queries) → call a service → render."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from wumei.calendar.services import load_calendar
from wumei.core.errors import ValidationError
from wumei.org.models import Role
from wumei.org.principal import REGION_EDITORS, principal_of
from wumei.problems.models import Problem
from wumei.projects.queries import projects_visible_to
from wumei.weekly import conf, queries, rules, services
from wumei.weekly.forms import (
    ChainItemForm,
    DelegateForm,
    LeadFilterForm,
    LeadForm,
    ProblemFormSet,
    SupplyLinkForm,
    VisitFilterForm,
    VisitForm,
)
from wumei.weekly.models import ChainItem, InvestmentLead, SupplyLink, Visit, VisitDelegate

PAGE_SIZE = 20
RECENT_VISITS = 8
CHAIN_PROBLEMS = 50


def _parse_day(raw: str | None, default: datetime.date) -> datetime.date:
    try:
        return datetime.date.fromisoformat(raw) if raw else default
    except ValueError:
        return default


def _show_errors(form, exc: ValidationError) -> None:
    for name, errors in exc.message_dict.items():
        form.add_error(name if name in form.fields else None, errors)


def _visits(qs):
    # An aggregate drops Meta.ordering: order explicitly.
    return qs.select_related("project", "leader").annotate(
        photo_count=Count("photos", distinct=True), problem_count=Count("problems", distinct=True),
    ).order_by("-visited_on", "-id")


# ---------------------------------------------------------------- the week's round


@login_required
def home(request):
    """每周必访 at a glance: my (or my leaders') round this week, the county's coverage, chains, recent visits."""
    user = request.user
    today = timezone.localdate()
    week = rules.week_of(today)
    own = queries.own_leader_ids(user)
    sees_all = queries.sees_all_coverage(user)
    rows, overall, gaps, exempt = [], None, 0, False
    if own or sees_all:
        table = queries.coverage_table(user, [week], load_calendar().is_working_day)
        all_rows = table.week_rows(week)
        rows = [(leader, cov) for leader, cov in all_rows if leader.pk in own]
        overall = table.overall(week)
        gaps = sum(1 for _, cov in all_rows if cov.not_visited)
        exempt = table.exempt(week)
    return render(request, "weekly/home.html", {
        "week": week,
        "own_rows": rows,
        "sees_all": sees_all,
        "overall": overall,
        "gaps": gaps,
        "exempt": exempt,
        "chains": list(queries.chains_readable_by(user).select_related("leader")),
        "sees_leads": queries.leads_visible_to(user).exists() or queries.can_create_lead(user),
        "can_manage_delegates": principal_of(user).has_role(*REGION_EDITORS),
        "recent": list(_visits(queries.visits_visible_to(user))[:RECENT_VISITS]),
    })


# ---------------------------------------------------------------- visits


@login_required
def visit_list(request):
    user = request.user
    form = VisitFilterForm(request.GET, leaders=queries.leaders_for_filter(user))
    filters = form.filters()
    visits = queries.filter_visits(_visits(queries.visits_visible_to(user)), **filters)
    page = Paginator(visits, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "weekly/visit_list.html", {
        "form": form, "page": page, "filtered": bool(filters),
        "can_log": queries.projects_loggable_by(user).filter(lead_leader__isnull=False).exists(),
    })


@login_required
def visit_pick(request):
    """Choose the project to log a visit to: the user's loggable projects, unvisited this week first."""
    user = request.user
    week = rules.week_of(timezone.localdate())
    projects = list(queries.projects_loggable_by(user).filter(lead_leader__isnull=False)
                    .select_related("lead_leader").order_by("lead_leader__name", "name"))
    if not projects:
        raise PermissionDenied
    visited = set(Visit.objects.filter(project__in=[p.pk for p in projects],
                                       visited_on__range=(week.start, week.end))
                  .values_list("project_id", flat=True))
    return render(request, "weekly/visit_pick.html", {
        "week": week, "projects": [(p, p.pk in visited) for p in projects],
    })


@login_required
@require_http_methods(["GET", "POST"])
def visit_create(request, project_pk: int):
    user = request.user
    today = timezone.localdate()
    project = get_object_or_404(
        queries.projects_with_visits_visible_to(user).select_related("county", "lead_leader"), pk=project_pk)
    if not queries.can_log_visit(user, project):
        raise PermissionDenied
    form = VisitForm(request.POST or None, request.FILES or None, project=project, today=today)
    problems = ProblemFormSet(request.POST or None, prefix="problems")
    if request.method == "POST" and form.is_valid() and problems.is_valid():
        data = form.cleaned_data
        try:
            result = services.log_visit(
                user, project, visited_on=data["visited_on"], findings=data["findings"],
                companions=list(data["companions"]), companions_note=data["companions_note"],
                problems=[f.cleaned_data for f in problems.forms if f.cleaned_data], photos=data["photos"],
                today=today,
            )
        except ValidationError as exc:
            _show_errors(form, exc)
        else:
            visit = result.visit
            note = f"，现场提出问题{visit.problems.count()}个" if result.visit.problems.exists() else ""
            messages.success(request, f"已登记{visit.leader.name}{visit.visited_on:%m月%d日}对「{project.name}」的走访{note}")
            for message in result.refused_photos:
                messages.warning(request, f"{message}。走访记录已保存，该照片未保存，请处理后在走访详情页补传。")
            return redirect("weekly:visit-detail", pk=visit.pk)
    filled = sum(1 for row in problems.forms if (row["description"].value() or "").strip())
    return render(request, "weekly/visit_form.html", {
        "project": project, "form": form, "problems": problems, "week": rules.week_of(today),
        "problem_rows": max(1, filled),
    })


@login_required
def visit_detail(request, pk: int):
    visit = get_object_or_404(
        queries.visits_visible_to(request.user).select_related("project", "leader", "recorded_by__person")
        .prefetch_related("companions", "photos",
                          Prefetch("problems", queryset=Problem.objects.select_related("owner_unit"))),
        pk=pk)
    return render(request, "weekly/visit_detail.html", {
        "visit": visit, "can_add_photos": queries.can_log_visit(request.user, visit.project),
    })


@login_required
@require_POST
def visit_photos(request, pk: int):
    """Add photos to a logged visit (e.g. after one was refused)."""
    visit = get_object_or_404(queries.visits_visible_to(request.user).select_related("project__county"), pk=pk)
    if not queries.can_log_visit(request.user, visit.project):
        raise PermissionDenied
    uploads = request.FILES.getlist("photos")
    refused = services.add_visit_photos(request.user, visit, uploads)
    stored = len(uploads) - len(refused)
    if stored:
        messages.success(request, f"已补传照片{stored}张")
    for message in refused:
        messages.warning(request, message)
    if not uploads:
        messages.info(request, "请先选择照片")
    return redirect("weekly:visit-detail", pk=pk)


# ---------------------------------------------------------------- coverage


def _coverage_allowed(user) -> list[int]:
    own = queries.own_leader_ids(user)
    if not own and not queries.sees_all_coverage(user):
        raise PermissionDenied
    return own


@login_required
def coverage(request):
    """One week's visit coverage per lead leader: due, visited, rate, and the projects not visited."""
    _coverage_allowed(request.user)
    today = timezone.localdate()
    week = rules.week_of(_parse_day(request.GET.get("week"), today))
    table = queries.coverage_table(request.user, [week], load_calendar().is_working_day)
    rows = table.week_rows(week)
    return render(request, "weekly/coverage.html", {
        "week": week, "rows": rows, "overall": table.overall(week), "exempt": table.exempt(week),
        "due": sum(c.due_count for _, c in rows), "visited": sum(c.visited_count for _, c in rows),
        "previous": week.previous(), "next": week.next() if week.end < today else None,
        "current": week.contains(today),
    })


@login_required
def coverage_weeks(request):
    """Several weeks side by side: each lead leader's rate per week."""
    _coverage_allowed(request.user)
    today = timezone.localdate()
    last = _parse_day(request.GET.get("week"), today)
    weeks = rules.recent_weeks(last, conf.COVERAGE_WEEKS)
    table = queries.coverage_table(request.user, weeks, load_calendar().is_working_day)
    return render(request, "weekly/coverage_weeks.html", {
        "weeks": weeks, "last": weeks[-1], "table": table,
        "overall": [(w, table.overall(w), table.exempt(w)) for w in weeks],
        "earlier": weeks[0].previous(), "later": weeks[-1].next() if weeks[-1].end < today else None,
        "today": today,
    })


# ---------------------------------------------------------------- secretaries


def _delegates_scope(user) -> list[str] | None:
    principal = principal_of(user)
    if principal.is_superuser:
        return None
    if not principal.has_role(*REGION_EDITORS):
        raise PermissionDenied
    return principal.region_paths(REGION_EDITORS)


@login_required
@require_http_methods(["GET", "POST"])
def delegate_list(request):
    """The HQ office says who may log visits for which lead leader (秘书代录)."""
    paths = _delegates_scope(request.user)
    form = DelegateForm(request.POST or None, region_paths=paths)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_delegate(request.user, form.cleaned_data["leader"], form.cleaned_data["secretary"])
        except ValidationError as exc:
            _show_errors(form, exc)
        else:
            messages.success(request, "已授权代录走访")
            return redirect("weekly:delegate-list")
    delegates = VisitDelegate.objects.select_related("leader", "secretary__unit")
    if paths is not None:
        delegates = delegates.filter(_path_q(paths, "leader__region__path"))
    return render(request, "weekly/delegate_list.html", {"form": form, "delegates": delegates})


def _path_q(paths: list[str], field: str) -> Q:
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(**{f"{field}__startswith": path})
    return q


@login_required
@require_POST
def delegate_delete(request, pk: int):
    paths = _delegates_scope(request.user)
    delegates = VisitDelegate.objects.select_related("leader__region")
    if paths is not None:
        delegates = delegates.filter(_path_q(paths, "leader__region__path"))
    delegate = get_object_or_404(delegates, pk=pk)
    services.remove_delegate(request.user, delegate)
    messages.success(request, f"已取消{delegate.secretary.name}代{delegate.leader.name}登记走访的授权")
    return redirect("weekly:delegate-list")


# ---------------------------------------------------------------- chains


@login_required
def chain_list(request):
    chains = (queries.chains_readable_by(request.user).select_related("leader", "region")
              .prefetch_related("deputies")
              .annotate(item_count=Count("list_items", distinct=True), link_count=Count("supply_links", distinct=True))
              .order_by("id"))
    return render(request, "weekly/chain_list.html", {"chains": chains})


def _chain(request, pk: int):
    chain = get_object_or_404(queries.chains_readable_by(request.user).select_related("leader", "region"), pk=pk)
    return chain, queries.can_edit_chain(request.user, chain)


def _editable_chain(request, pk: int):
    chain, can_edit = _chain(request, pk)
    if not can_edit:
        raise PermissionDenied
    return chain


@login_required
def chain_detail(request, pk: int):
    """五单一图谱: the three typed lists, the project list and problem list derived, and a link to the map."""
    chain, can_edit = _chain(request, pk)
    items = list(chain.list_items.all())
    lists = [(kind, label, [i for i in items if i.kind == kind]) for kind, label in ChainItem.Kind.choices]
    projects = list(projects_visible_to(request.user).filter(chain=chain)
                    .select_related("responsible_unit", "lead_leader").order_by("-total_investment", "id"))
    problems_qs = Problem.objects.filter(project__in=[p.pk for p in projects])
    counts = problems_qs.aggregate(total=Count("pk"), solved=Count("pk", filter=Q(status__in=[
        Problem.Status.SOLVED, Problem.Status.CONFIRMED])))
    problems = list(problems_qs.select_related("project", "owner_unit")
                    .order_by(_open_first(), "-raised_on", "-id")[:CHAIN_PROBLEMS])
    return render(request, "weekly/chain_detail.html", {
        "chain": chain, "can_edit": can_edit, "lists": lists, "projects": projects, "problems": problems,
        "problem_counts": counts, "deputies": list(chain.deputies.all()),
        "lead_count": queries.leads_visible_to(request.user).filter(chain=chain).count(),
        "link_count": chain.supply_links.count(),
    })


def _open_first():
    from django.db.models import Case, IntegerField, Value, When

    closed = [Problem.Status.SOLVED, Problem.Status.CONFIRMED]
    return Case(When(status__in=closed, then=Value(1)), default=Value(0), output_field=IntegerField())


@login_required
@require_http_methods(["GET", "POST"])
def chain_item_edit(request, pk: int, item_pk: int | None = None):
    chain = _editable_chain(request, pk)
    item = get_object_or_404(chain.list_items, pk=item_pk) if item_pk else None
    initial = {"kind": request.GET.get("kind")} if item is None and request.GET.get("kind") in ChainItem.Kind.values \
        else None
    form = ChainItemForm(request.POST or None, instance=item, initial=initial)
    if request.method == "POST" and form.is_valid():
        stored = ChainItem.objects.get(pk=item.pk) if item else None
        try:
            saved = services.save_chain_item(request.user, chain, form.cleaned_data, stored)
        except ValidationError as exc:
            _show_errors(form, exc)
        else:
            messages.success(request, f"已保存{saved.get_kind_display()}事项「{saved.title}」")
            return redirect(f"{chain_url(chain)}#{saved.kind}")
    return render(request, "weekly/chain_item_form.html", {"chain": chain, "form": form, "item": item})


def chain_url(chain) -> str:
    from django.urls import reverse

    return reverse("weekly:chain-detail", args=[chain.pk])


@login_required
@require_POST
def chain_item_delete(request, pk: int, item_pk: int):
    chain = _editable_chain(request, pk)
    item = get_object_or_404(chain.list_items.select_related("chain__region"), pk=item_pk)
    services.delete_chain_item(request.user, item)
    messages.success(request, f"已删除事项「{item.title}」")
    return redirect(f"{chain_url(chain)}#{item.kind}")


def map_data(chain) -> dict:
    """Nodes (enterprises) and edges (supply links) of the chain's map, for ECharts' graph series."""
    links = list(chain.supply_links.select_related("supplier", "customer").order_by("id"))
    owners = set(chain.projects.exclude(owner__isnull=True).values_list("owner_id", flat=True))
    nodes: dict[int, dict] = {}
    degree: dict[int, int] = {}
    for link in links:
        for unit in (link.supplier, link.customer):
            degree[unit.pk] = degree.get(unit.pk, 0) + 1
            nodes.setdefault(unit.pk, {"id": str(unit.pk), "name": unit.name, "short": _short_name(unit.name),
                                       "category": _category(unit, owners)})
    for pk, node in nodes.items():
        node["value"] = degree[pk]
    return {
        "categories": [{"name": name} for name in MAP_CATEGORIES],
        "nodes": list(nodes.values()),
        "links": [{"source": str(k.supplier_id), "target": str(k.customer_id), "product": k.product}
                  for k in links],
    }


MAP_CATEGORIES = ["链上项目业主", "三类500强企业", "配套企业"]
_COMPANY_SUFFIXES = ("股份有限公司", "有限责任公司", "有限公司", "集团")


def _short_name(name: str) -> str:
    """A map label: the enterprise's name without its company-form suffix."""
    for suffix in _COMPANY_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


def _category(unit, owners: set[int]) -> int:
    if unit.pk in owners:
        return 0
    return 1 if unit.is_top500 else 2


@login_required
@require_http_methods(["GET", "POST"])
def chain_map(request, pk: int):
    """上下游企业图谱: the chain's enterprises and supply relations as a graph, with the relations listed."""
    chain, can_edit = _chain(request, pk)
    form = SupplyLinkForm(request.POST or None, chain=chain) if can_edit else None
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.add_supply_link(request.user, chain, supplier=data["supplier"], customer=data["customer"],
                                         product=data["product"], note=data["note"])
            except ValidationError as exc:
                _show_errors(form, exc)
            else:
                messages.success(request, "已添加上下游配套关系")
                return redirect("weekly:chain-map", pk=pk)
    links = chain.supply_links.select_related("supplier", "customer").order_by("supplier__name", "id")
    return render(request, "weekly/chain_map.html", {
        "chain": chain, "can_edit": can_edit, "form": form, "links": links, "graph": map_data(chain),
    })


@login_required
@require_POST
def chain_link_delete(request, pk: int, link_pk: int):
    chain = _editable_chain(request, pk)
    link = get_object_or_404(SupplyLink.objects.filter(chain=chain).select_related("chain__region"), pk=link_pk)
    services.delete_supply_link(request.user, link)
    messages.success(request, "已删除该上下游配套关系")
    return redirect("weekly:chain-map", pk=pk)


# ---------------------------------------------------------------- investment leads


@login_required
def lead_list(request):
    """招商项目: the county's and the park's figures (HQ office, commanders) and the leads with filters."""
    user = request.user
    visible = queries.leads_visible_to(user)
    can_create = queries.can_create_lead(user)
    sees_figures = queries.sees_lead_figures(user)
    if not (sees_figures or can_create or visible.exists()):
        raise PermissionDenied
    today = timezone.localdate()
    on = min(_parse_day(request.GET.get("on"), today), today)
    chains = list(queries.chains_readable_by(user).order_by("id"))
    years = sorted({d.year for d in visible.exclude(signed_on__isnull=True).dates("signed_on", "year")}
                   | {today.year}, reverse=True)
    form = LeadFilterForm(request.GET, chains=chains, years=years)
    filters = form.filters()
    leads = queries.filter_leads(visible.select_related("chain", "park", "town", "project"), **filters)
    page = Paginator(leads.order_by("-signed_on", "-contacted_on", "-id"), PAGE_SIZE).get_page(request.GET.get("page"))
    figures = []
    if sees_figures:
        for county in queries.figure_regions(user).order_by("code"):
            figures.append((county, *queries.county_figures(county, on)))
    return render(request, "weekly/lead_list.html", {
        "form": form, "page": page, "filtered": bool(filters), "figures": figures, "on": on, "today": today,
        "can_create": can_create, "large_threshold": conf.LARGE_LEAD_WAN,
    })


def _lead_county(user, chain=None):
    principal = principal_of(user)
    for assignment in principal.assignments:
        if assignment.role in REGION_EDITORS:
            return assignment.region
    if chain is not None:
        return chain.region
    for assignment in principal.assignments:
        if assignment.role == Role.CHAIN_LEADER:
            return assignment.region
    from wumei.org.services import home_county

    return home_county()


@login_required
@require_http_methods(["GET", "POST"])
def lead_create(request):
    user = request.user
    if not queries.can_create_lead(user):
        raise PermissionDenied
    today = timezone.localdate()
    chains = queries.chains_editable_by(user).order_by("id")
    county = _lead_county(user)
    form = LeadForm(request.POST or None, county=county, chains=chains)
    if not principal_of(user).has_role(*REGION_EDITORS):
        form.fields["chain"].required = True
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "reason"}
        try:
            lead = services.create_lead(user, {**data, "county": _lead_county(user, data.get("chain"))}, today=today)
        except ValidationError as exc:
            _show_errors(form, exc)
        else:
            messages.success(request, f"已登记招商项目「{lead.name}」")
            return redirect("weekly:lead-detail", pk=lead.pk)
    return render(request, "weekly/lead_form.html", {"form": form, "lead": None})


@login_required
def lead_detail(request, pk: int):
    lead = get_object_or_404(
        queries.leads_visible_to(request.user).select_related("county", "chain", "park", "town", "project"), pk=pk)
    return render(request, "weekly/lead_detail.html", {
        "lead": lead,
        "transitions": lead.transitions.select_related("actor__person"),
        "can_edit": queries.leads_editable_by(request.user).filter(pk=pk).exists(),
    })


@login_required
@require_http_methods(["GET", "POST"])
def lead_edit(request, pk: int):
    user = request.user
    lead = get_object_or_404(queries.leads_visible_to(user).select_related("county"), pk=pk)
    if not queries.leads_editable_by(user).filter(pk=pk).exists():
        raise PermissionDenied
    title = lead.name
    chains = queries.chains_editable_by(user).order_by("id")
    form = LeadForm(request.POST or None, instance=lead, county=lead.county, chains=chains)
    if not principal_of(user).has_role(*REGION_EDITORS):
        form.fields["chain"].required = True
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "reason"}
        stored = InvestmentLead.objects.get(pk=pk)
        try:
            services.update_lead(user, stored, data, reason=form.cleaned_data["reason"],
                                 today=timezone.localdate())
        except ValidationError as exc:
            _show_errors(form, exc)
        else:
            messages.success(request, "招商项目已保存")
            return redirect("weekly:lead-detail", pk=pk)
    return render(request, "weekly/lead_form.html", {"form": form, "lead": lead, "title": title})
