from django.urls import path

from cadrex.registry import views

app_name = "registry"
urlpatterns = [
    path("units/", views.units, name="units"),
    path("units/<str:code>/", views.unit_detail, name="unit_detail"),
    path("my-unit/", views.my_unit, name="my_unit"),
    path("cadres/", views.cadres, name="cadres"),
    path("cadres/<int:pk>/", views.cadre_detail, name="cadre_detail"),
    path("me/", views.me, name="me"),
    path("roster/import/", views.roster_import_view, name="roster_import"),
    path("roster/template.xlsx", views.roster_template_download, name="roster_template"),
    path("roster/export.xlsx", views.roster_export_download, name="roster_export"),
]
