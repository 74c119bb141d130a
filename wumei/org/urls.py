from django.urls import path

from wumei.org import views

app_name = "org"
urlpatterns = [
    path("", views.unit_list, name="unit-list"),
    path("units/new/", views.unit_create, name="unit-create"),
    path("units/<int:pk>/", views.unit_detail, name="unit-detail"),
    path("units/<int:pk>/edit/", views.unit_edit, name="unit-edit"),
    path("regions/", views.region_list, name="region-list"),
    path("regions/new/", views.region_create, name="region-create"),
    path("regions/<int:pk>/edit/", views.region_edit, name="region-edit"),
    path("people/", views.person_list, name="person-list"),
    path("people/new/", views.person_create, name="person-create"),
    path("people/<int:pk>/", views.person_detail, name="person-detail"),
    path("people/<int:pk>/edit/", views.person_edit, name="person-edit"),
    path("people/<int:pk>/roles/", views.role_assign, name="role-assign"),
    path("people/<int:pk>/login/", views.person_create_login, name="person-create-login"),
    path("roles/<int:pk>/revoke/", views.role_revoke, name="role-revoke"),
    path("groups/", views.group_list, name="group-list"),
    path("groups/new/", views.group_create, name="group-create"),
    path("groups/<int:pk>/edit/", views.group_edit, name="group-edit"),
    path("teams/", views.team_list, name="team-list"),
    path("chains/", views.chain_list, name="chain-list"),
    path("chains/new/", views.chain_create, name="chain-create"),
    path("chains/<int:pk>/edit/", views.chain_edit, name="chain-edit"),
]
