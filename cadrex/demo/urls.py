from django.urls import path

from cadrex.demo import views

app_name = "demo"
urlpatterns = [path("advance/", views.demo_advance, name="advance")]
