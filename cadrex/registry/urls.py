from django.urls import path, register_converter

from cadrex.registry import photo_views, views


class UnitCodeConverter:
    """Any stored unit code, even one an older import let in with "/", "?", "#", "%", spaces
    or control characters: reverse() percent-encodes it, and the page still opens (the import
    now refuses such codes, but the pages must not fail on the ones already stored)."""

    regex = r"[\s\S]+?"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(UnitCodeConverter, "unitcode")

app_name = "registry"
urlpatterns = [
    path("units/", views.units, name="units"),
    path("units/<unitcode:code>/", views.unit_detail, name="unit_detail"),
    path("my-unit/", views.my_unit, name="my_unit"),
    path("cadres/", views.cadres, name="cadres"),
    path("cadres/<int:pk>/", views.cadre_detail, name="cadre_detail"),
    path("cadres/<int:pk>/photo/", photo_views.cadre_photo_upload, name="cadre_photo_upload"),
    path("photos/import/", photo_views.photos_import_view, name="photos_import"),
    path("me/", views.me, name="me"),
    path("roster/import/", views.roster_import_view, name="roster_import"),
    path("roster/template.xlsx", views.roster_template_download, name="roster_template"),
    path("roster/export.xlsx", views.roster_export_download, name="roster_export"),
    path("roster/export/", views.roster_export_start, name="roster_export_start"),
    path("roster/jobs/<uuid:pk>/", views.roster_job, name="roster_job"),
    path("roster/jobs/<uuid:pk>/file", views.roster_job_file, name="roster_job_file"),
]
