"""百企评百岗 pages: the rounds, the enterprise's scoring form, the results per post and per unit, and the
posts kept by the HQ office. Thin: parse → fetch scoped → call a service → render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from wumei.core.errors import ValidationError
from wumei.ratings import forms, permissions, queries, rules, services
from wumei.ratings.models import Post, Rating, RatingRound


def _show_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _round_or_404(request, pk: int) -> RatingRound:
    return get_object_or_404(permissions.rounds_visible_to(request.user).select_related("county"), pk=pk)


# Rounds ----------------------------------------------------------------------------------------------------------

@login_required
@require_GET
def round_list(request):
    today = timezone.localdate()
    principal_enterprise = None
    rounds = list(permissions.rounds_visible_to(request.user).select_related("county").annotate(
        rating_count=Count("ratings", distinct=True)).order_by("-opens_on", "-id"))
    own: dict[int, int] = {}
    counties = {r.county_id: r.county for r in rounds}
    enterprises = {cid: permissions.enterprise_of(request.user, c) for cid, c in counties.items()}
    enterprise_ids = [e.pk for e in enterprises.values() if e is not None]
    if enterprise_ids:
        principal_enterprise = next(e for e in enterprises.values() if e is not None)
        own = dict(Rating.objects.filter(enterprise_id__in=enterprise_ids, round__in=[r.pk for r in rounds])
                   .values_list("round_id").annotate(n=Count("id")).values_list("round_id", "n"))
    for r in rounds:
        r.state = r.state_on(today)
        r.state_label = rules.STATE_LABELS[r.state]
        r.own_count = own.get(r.pk, 0)
        r.can_rate = enterprises.get(r.county_id) is not None
        r.can_see_results = permissions.is_government(request.user, r.county)
        r.can_edit = permissions.can_keep(request.user, r.county)
    return render(request, "ratings/round_list.html", {
        "rounds": rounds,
        "enterprise": principal_enterprise,
        "can_keep": permissions.can_keep_any(request.user),
        "today": today,
    })


@login_required
@require_http_methods(["GET", "POST"])
def round_create(request):
    counties = permissions.keeper_counties(request.user)
    if not counties:
        raise Http404
    county = counties[0]
    form = forms.RoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            rating_round = services.create_round(
                request.user, county, name=data["name"], opens_on=data["opens_on"], closes_on=data["closes_on"],
                criteria=data["criteria"], min_sample=data["min_sample"])
        except ValidationError as exc:
            _show_errors(form, exc)
        else:
            messages.success(request, f"评议轮次“{rating_round.name}”已发起")
            return redirect("ratings:round-list")
    return render(request, "ratings/round_form.html", {"form": form, "county": county})


@login_required
@require_http_methods(["GET", "POST"])
def round_edit(request, pk: int):
    rating_round = _round_or_404(request, pk)
    if not permissions.can_keep(request.user, rating_round.county):
        raise Http404
    form = forms.RoundEditForm(request.POST or None, initial={
        "name": rating_round.name, "opens_on": rating_round.opens_on, "closes_on": rating_round.closes_on,
        "min_sample": rating_round.min_sample})
    if request.method == "POST" and form.is_valid():
        try:
            services.update_round(request.user, rating_round, **form.cleaned_data)
        except ValidationError as exc:
            _show_errors(form, exc)
        else:
            messages.success(request, "评议轮次已修改")
            return redirect("ratings:round-list")
    return render(request, "ratings/round_form.html", {
        "form": form, "county": rating_round.county, "round": rating_round,
        "criteria": list(rating_round.criteria.all())})


# The enterprise's side -------------------------------------------------------------------------------------------

def _enterprise_or_404(request, rating_round: RatingRound):
    enterprise = permissions.enterprise_of(request.user, rating_round.county)
    if enterprise is None:
        raise Http404
    return enterprise


@login_required
@require_GET
def rate_list(request, pk: int):
    """The posts an enterprise may score in a round, its own ratings marked."""
    rating_round = _round_or_404(request, pk)
    enterprise = _enterprise_or_404(request, rating_round)
    today = timezone.localdate()
    mine = {r.post_id: r for r in Rating.objects.filter(round=rating_round, enterprise=enterprise)}
    posts = list(Post.objects.filter(county=rating_round.county).filter(
        Q(is_active=True) | Q(pk__in=list(mine))).select_related("unit").order_by("unit__kind", "unit__name", "name"))
    groups: dict = {}
    for post in posts:
        post.mine = mine.get(post.pk)
        groups.setdefault(post.unit, []).append(post)
    return render(request, "ratings/rate_list.html", {
        "round": rating_round, "groups": groups, "enterprise": enterprise, "done": len(mine), "total": len(posts),
        "state": rating_round.state_on(today), "state_label": rules.STATE_LABELS[rating_round.state_on(today)],
        "is_open": rating_round.state_on(today) == rules.RoundState.OPEN,
    })


@login_required
@require_http_methods(["GET", "POST"])
def rate(request, pk: int, post: int):
    """The phone-friendly scoring form of one post; after scoring, the enterprise's own rating."""
    rating_round = _round_or_404(request, pk)
    enterprise = _enterprise_or_404(request, rating_round)
    the_post = get_object_or_404(Post.objects.select_related("unit"), pk=post, county=rating_round.county)
    mine = Rating.objects.filter(round=rating_round, post=the_post, enterprise=enterprise).first()
    criteria = list(rating_round.criteria.all())
    today = timezone.localdate()
    is_open = rating_round.state_on(today) == rules.RoundState.OPEN
    form = forms.RatingForm(request.POST or None, criteria=criteria)
    if request.method == "POST" and form.is_valid():
        try:
            services.submit_rating(request.user, rating_round, the_post, values=form.values(),
                                   comment=form.cleaned_data["comment"], today=today)
        except ValidationError as exc:
            _show_errors(form, exc)
        else:
            messages.success(request, f"已提交对“{the_post.name}”的评议，感谢参与")
            return redirect("ratings:rate-list", pk=rating_round.pk)
    scores = []
    if mine is not None:
        values = dict(mine.scores.values_list("criterion_id", "value"))
        scores = [(c, values.get(c.pk)) for c in criteria]
    return render(request, "ratings/rate_form.html", {
        "round": rating_round, "post": the_post, "form": form, "mine": mine, "scores": scores,
        "is_open": is_open, "enterprise": enterprise,
    })


# Results ---------------------------------------------------------------------------------------------------------

def _government_round_or_404(request, pk: int) -> RatingRound:
    rating_round = _round_or_404(request, pk)
    if not permissions.is_government(request.user, rating_round.county):
        raise Http404
    return rating_round


@login_required
@require_GET
def results(request, pk: int):
    rating_round = _government_round_or_404(request, pk)
    full = permissions.can_see_raters(request.user, rating_round.county)
    by = "post" if request.GET.get("by") == "post" else "unit"
    data = queries.round_results(rating_round, full=full)
    today = timezone.localdate()
    return render(request, "ratings/results.html", {
        "round": rating_round, "by": by, "lines": data[f"{by}s"], "criteria": data["criteria"], "full": full,
        "state_label": rules.STATE_LABELS[rating_round.state_on(today)], "insufficient": rules.INSUFFICIENT,
        "rating_count": sum(line.count for line in data["posts"]),
    })


@login_required
@require_GET
def post_results(request, pk: int, post: int):
    """One post's aggregates; the HQ office and the inspector also see each rating and its enterprise."""
    rating_round = _government_round_or_404(request, pk)
    the_post = get_object_or_404(Post.objects.select_related("unit"), pk=post, county=rating_round.county)
    full = permissions.can_see_raters(request.user, rating_round.county)
    facts = queries.rating_facts([rating_round.pk], "post").get(the_post.pk, [])
    result = rules.aggregate(facts)
    shown = full or rules.enough(result.count, rating_round.min_sample)
    ratings = []
    if full:
        ratings = list(Rating.objects.filter(round=rating_round, post=the_post)
                       .select_related("enterprise").order_by("-score", "id"))
    return render(request, "ratings/post_results.html", {
        "round": rating_round, "post": the_post, "result": result, "shown": shown, "full": full,
        "ratings": ratings, "insufficient": rules.INSUFFICIENT,
        "criterion_means": list(result.criterion_means.items()),
        "staff": list(the_post.staff.all()),
    })


# Posts -----------------------------------------------------------------------------------------------------------

def _keeper_county_or_404(request):
    counties = permissions.keeper_counties(request.user)
    if not counties:
        raise Http404
    return counties[0]


@login_required
@require_GET
def post_list(request):
    county = _keeper_county_or_404(request)
    posts = Post.objects.filter(county=county).select_related("unit").annotate(
        staff_count=Count("staff", distinct=True), rating_count=Count("ratings", distinct=True),
    ).order_by("unit__kind", "unit__name", "name")
    return render(request, "ratings/post_list.html", {"posts": posts, "county": county})


@login_required
@require_http_methods(["GET", "POST"])
def post_form(request, pk: int | None = None):
    county = _keeper_county_or_404(request)
    post = get_object_or_404(Post, pk=pk, county=county) if pk else None
    initial = {}
    if post is not None:
        initial = {"unit": post.unit_id, "name": post.name, "category": post.category, "duties": post.duties,
                   "staff": list(post.staff.values_list("pk", flat=True)), "is_active": post.is_active}
    form = forms.PostForm(request.POST or None, initial=initial, county=county)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = {"unit": data["unit"], "name": data["name"], "category": data["category"],
                  "duties": data["duties"], "staff": list(data["staff"])}
        try:
            if post is None:
                services.create_post(request.user, county, **fields)
            else:
                services.update_post(request.user, post, is_active=data["is_active"], **fields)
        except ValidationError as exc:
            _show_errors(form, exc)
        else:
            messages.success(request, "岗位已保存")
            return redirect("ratings:post-list")
    return render(request, "ratings/post_form.html", {"form": form, "post": post})
