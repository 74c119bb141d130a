from django.urls import path

from wumei.weekly import views

app_name = "weekly"
urlpatterns = [
    path("", views.home, name="home"),
    path("visits/", views.visit_list, name="visit-list"),
    path("visits/new/", views.visit_pick, name="visit-pick"),
    path("visits/new/<int:project_pk>/", views.visit_create, name="visit-create"),
    path("visits/<int:pk>/", views.visit_detail, name="visit-detail"),
    path("visits/<int:pk>/photos/", views.visit_photos, name="visit-photos"),
    path("coverage/", views.coverage, name="coverage"),
    path("coverage/weeks/", views.coverage_weeks, name="coverage-weeks"),
    path("delegates/", views.delegate_list, name="delegate-list"),
    path("delegates/<int:pk>/delete/", views.delegate_delete, name="delegate-delete"),
    path("chains/", views.chain_list, name="chain-list"),
    path("chains/<int:pk>/", views.chain_detail, name="chain-detail"),
    path("chains/<int:pk>/items/new/", views.chain_item_edit, name="chain-item-create"),
    path("chains/<int:pk>/items/<int:item_pk>/", views.chain_item_edit, name="chain-item-edit"),
    path("chains/<int:pk>/items/<int:item_pk>/delete/", views.chain_item_delete, name="chain-item-delete"),
    path("chains/<int:pk>/map/", views.chain_map, name="chain-map"),
    path("chains/<int:pk>/links/<int:link_pk>/delete/", views.chain_link_delete, name="chain-link-delete"),
    path("leads/", views.lead_list, name="lead-list"),
    path("leads/new/", views.lead_create, name="lead-create"),
    path("leads/<int:pk>/", views.lead_detail, name="lead-detail"),
    path("leads/<int:pk>/edit/", views.lead_edit, name="lead-edit"),
]
