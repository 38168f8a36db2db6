from django.urls import path

from cadrex.organisation import views

app_name = "organisation"
urlpatterns = [
    path("", views.index, name="index"),
    path("list.xlsx", views.list_xlsx, name="list_xlsx"),
    path("list.pdf", views.list_pdf, name="list_pdf"),
    # the office: the leading group and its office
    path("group/", views.group, name="group"),
    path("group/members/add/", views.group_member_add, name="group_member_add"),
    path("group/office/add/", views.office_member_add, name="office_member_add"),
    path("group/members/<int:pk>/", views.member_edit, name="member_edit"),
    path("group/members/<int:pk>/remove/", views.member_remove, name="member_remove"),
    path("group/office/", views.office_edit, name="office_edit"),
    # each unit: its responsible leader and task team
    path("unit/", views.unit, name="unit"),
    path("unit/leader/", views.leader_set, name="leader_set"),
    path("unit/team/add/", views.team_add, name="team_add"),
    path("unit/team/<int:pk>/", views.team_edit, name="team_edit"),
    path("unit/team/<int:pk>/remove/", views.team_remove, name="team_remove"),
]
