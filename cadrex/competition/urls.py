"""Part A's URLs: every stage's list under the one ``competition`` namespace, in the plan's
order, so each path and each name is what it has always been."""

from cadrex.competition.decision.urls import urlpatterns as decision
from cadrex.competition.hearing.urls import urlpatterns as hearing
from cadrex.competition.registration.urls import urlpatterns as registration

app_name = "competition"
urlpatterns = [*registration, *hearing, *decision]
