from django.urls import path

from cadrex.notices import views

app_name = "notices"
urlpatterns = [path("", views.index, name="index")]
