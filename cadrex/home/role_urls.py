"""The person's roles and each role's to-dos (ADR 0014): ``home:roles``."""

from django.urls import path

from cadrex.home import views

app_name = "home"
urlpatterns = [path("", views.roles, name="roles")]
