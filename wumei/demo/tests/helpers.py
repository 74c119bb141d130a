"""Helpers of the demo tests."""

import datetime

TODAY = datetime.date(2027, 6, 16)


def canonical_dump(county_path: str) -> dict:
    """Everything the demo writes, by natural keys (names, codes), independent of ids and write times."""
    from wumei.org.models import Chain, Person, RoleAssignment, Unit, WorkingGroup
    from wumei.projects.models import AnnualPlan, Milestone, Progress, Project, StageChange, Team

    below = {"region__path__startswith": county_path}
    of_projects = {"project__county__path__startswith": county_path}
    project_fields = [
        "code", "name", "owner__name", "content", "category", "level", "chain__name", "park__name", "town__name",
        "total_investment", "funding_source", "funding_priority", "planned_start_on", "actual_start_on",
        "planned_completion_on", "actual_completion_on", "stage", "responsible_unit__name", "lead_leader__name",
        "butler__name", "police__name", "inspector__name", "work_plan", "search_key",
    ]
    return {
        "projects": list(Project.objects.filter(county__path__startswith=county_path).order_by("code")
                         .values_list(*project_fields)),
        "plans": list(AnnualPlan.objects.filter(**of_projects).order_by("project__code", "year")
                      .values_list("project__code", "year", "kind", "planned_investment")),
        "stage_changes": list(StageChange.objects.filter(**of_projects).order_by("project__code", "changed_at")
                              .values_list("project__code", "from_stage", "to_stage", "reason", "changed_at")),
        "milestones": list(Milestone.objects.filter(**of_projects).order_by("project__code", "order")
                           .values_list("project__code", "order", "name", "planned_on", "actual_on")),
        "progress": list(Progress.objects.filter(**of_projects).order_by("project__code", "as_of")
                         .values_list("project__code", "as_of", "year_investment", "cumulative_investment",
                                      "image_progress", "issues", "recorded_at")),
        "teams": sorted(
            (t.project.code, t.name, t.leader.name, tuple(sorted(t.members.values_list("name", flat=True))))
            for t in Team.objects.filter(**of_projects).select_related("project", "leader")
        ),
        "units": sorted(Unit.objects.filter(**below).values_list(
            "kind", "name", "region__code", "parent__name", "is_top500", "area_hectares", "credit_code",
            "contact_phone")),
        "people": sorted(Person.objects.filter(**below).values_list("name", "title", "unit__name", "phone",
                                                                     "user__username"),
                         key=lambda row: tuple(str(v) for v in row)),
        "roles": sorted(RoleAssignment.objects.filter(**below).values_list("person__name", "role", "unit__name"),
                        key=lambda row: tuple(str(v) for v in row)),
        "chains": sorted((c.name, c.leader.name, tuple(sorted(c.deputies.values_list("name", flat=True))))
                         for c in Chain.objects.filter(**below).select_related("leader")),
        "groups": sorted((g.name, g.leader.name, g.lead_unit.name, tuple(sorted(g.members.values_list("name", flat=True))))
                         for g in WorkingGroup.objects.filter(**below).select_related("leader", "lead_unit")),
    }
