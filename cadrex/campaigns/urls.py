from django.urls import path

from cadrex.campaigns import calendar_views, views

app_name = "campaigns"
urlpatterns = [
    path("", views.detail, name="detail"),
    path("policy/", views.policy_edit, name="policy_edit"),
    path("schedule/edit/", views.schedule_edit, name="schedule_edit"),
    path("schedule/shift/", views.schedule_shift, name="schedule_shift"),
    path("schedule/", views.schedule, name="schedule"),
    path("policy-notes/", views.policy_notes, name="policy_notes"),
    path("policy-notes.pdf", views.policy_notes_pdf, name="policy_notes_pdf"),
    path("schedule.xlsx", views.schedule_xlsx, name="schedule_xlsx"),
    path("calendar/", calendar_views.calendar, name="calendar"),
    path("calendar/remove/", calendar_views.calendar_remove, name="calendar_remove"),
]
