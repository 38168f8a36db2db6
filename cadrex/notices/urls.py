from django.urls import path

from cadrex.notices import views

app_name = "notices"
urlpatterns = [
    path("", views.index, name="index"),
    path("openings/", views.openings, name="openings"),
    path("daily-counts/", views.daily_counts, name="daily_counts"),
    path("contestants/", views.contestants, name="contestants"),
    path("results/", views.results, name="results"),
    path("publicity/", views.publicity, name="publicity"),
    path("publicity.pdf", views.publicity_pdf, name="publicity_pdf"),
]
