"""The organisation, read-only: regions, units, people, chains, working groups, and who is asking."""

from django.shortcuts import get_object_or_404
from ninja import Path, Query, Router

from wumei.api.common import READ_ERRORS, paginate
from wumei.api.queries import (
    chains_visible_to,
    people_visible_to,
    regions_visible_to,
    units_visible_to,
    with_roles,
    working_groups_visible_to,
)
from wumei.api.schemas import (
    MAX_ID,
    ChainOut,
    MeOut,
    Page,
    PageQuery,
    PeopleQuery,
    PersonOut,
    RegionOut,
    UnitOut,
    UnitQuery,
    WorkingGroupOut,
    display_name,
)
from wumei.org.permissions import mask_phone, sees_full_phone
from wumei.org.principal import principal_of
from wumei.org.queries import search_people, search_units
from wumei.projects.queries import can_create

router = Router(tags=["组织"])

SCOPE = ("指挥部办公室、总指挥长和系统管理员看到其所在区划及下级区划的全部；"
         "其他角色看到其角色所在的区划，单位和人员只看到本单位。")


@router.get("/me", response={200: MeOut, **READ_ERRORS}, summary="当前用户",
            description="令牌所属的用户、对应的人员和担任的角色。")
def me(request):
    principal = principal_of(request.user)
    return {
        "username": request.user.get_username(),
        "name": display_name(request.user) if principal.person is None else principal.person.name,
        "person": principal.person,
        "roles": principal.assignments,
        "is_superuser": principal.is_superuser,
        "can_create_projects": can_create(request.user),
    }


@router.get("/regions", response={200: Page[RegionOut], **READ_ERRORS}, summary="行政区划", description=SCOPE)
def list_regions(request, paging: Query[PageQuery]):
    return paginate(regions_visible_to(request.user).order_by("path"), paging)


@router.get("/units", response={200: Page[UnitOut], **READ_ERRORS}, summary="单位列表", description=SCOPE)
def list_units(request, filters: Query[UnitQuery]):
    qs = search_units(units_visible_to(request.user).select_related("region"), q=filters.q, kind=filters.kind)
    return paginate(qs.order_by("kind", "name", "id"), filters)


@router.get("/units/{unit_id}", response={200: UnitOut, **READ_ERRORS}, summary="单位详情", description=SCOPE)
def get_unit(request, unit_id: int = Path(..., ge=1, le=MAX_ID, description="单位编号")):
    return get_object_or_404(units_visible_to(request.user).select_related("region"), pk=unit_id)


@router.get("/people", response={200: Page[PersonOut], **READ_ERRORS}, summary="人员列表",
            description=SCOPE + "手机号码除指挥部办公室和系统管理员外均遮盖中间四位。")
def list_people(request, filters: Query[PeopleQuery]):
    people = people_visible_to(request.user).select_related("unit", "region")
    qs = with_roles(search_people(people, q=filters.q, unit=filters.unit), request.user)
    page = paginate(qs.order_by("name", "id"), filters)
    if not sees_full_phone(request.user):
        for person in page["items"]:
            person.phone = mask_phone(person.phone)
    return page


@router.get("/chains", response={200: Page[ChainOut], **READ_ERRORS}, summary="产业链", description=SCOPE)
def list_chains(request, paging: Query[PageQuery]):
    qs = chains_visible_to(request.user).select_related("region", "leader").prefetch_related("deputies")
    return paginate(qs.order_by("id"), paging)


@router.get("/working-groups", response={200: Page[WorkingGroupOut], **READ_ERRORS}, summary="专项工作组",
            description=SCOPE)
def list_working_groups(request, paging: Query[PageQuery]):
    qs = (working_groups_visible_to(request.user).select_related("region", "leader", "lead_unit")
          .prefetch_related("members"))
    return paginate(qs.order_by("id"), paging)
