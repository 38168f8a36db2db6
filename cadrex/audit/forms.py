"""The log page's filter (GET): by object, by action, by person.

Each list offers only what the log holds: the object types and actions recorded, and the
people who acted, by name.
"""

from __future__ import annotations

from django import forms
from django.db.models import QuerySet

from cadrex.audit.actions import action_choices, same_label_actions
from cadrex.audit.models import Event, object_type_label, person_name

ALL = ("", "全部")
SYSTEM = "system"  # no account acted: the system, the voting terminal, a juror's link


def _recorded(field: str) -> list[str]:
    return list(Event.objects.order_by().values_list(field, flat=True).distinct())


def _people() -> list[tuple[str, str]]:
    """The accounts that appear in the log, by name (a login added where two names meet)."""
    users = Event._meta.get_field("actor").related_model.objects.filter(
        pk__in=Event.objects.exclude(actor=None).values("actor_id")
    )
    named = [(str(user.pk), person_name(user), user.get_username()) for user in users]
    counts: dict[str, int] = {}
    for _, name, _ in named:
        counts[name] = counts.get(name, 0) + 1
    people = [(pk, f"{name}（{login}）" if counts[name] > 1 else name) for pk, name, login in named]
    return sorted(people, key=lambda person: person[1])


class EventFilterForm(forms.Form):
    object_type = forms.ChoiceField(label="对象类型", required=False)
    object_id = forms.CharField(label="对象编号", required=False, max_length=60)
    action = forms.ChoiceField(label="操作", required=False)
    person = forms.ChoiceField(label="操作人", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        types = sorted(_recorded("object_type"))
        self.fields["object_type"].choices = [ALL, *((t, object_type_label(t)) for t in types)]
        self.fields["action"].choices = [ALL, *action_choices(_recorded("action"))]
        self.fields["person"].choices = [ALL, (SYSTEM, "系统"), *_people()]
        self.fields["object_id"].widget.attrs["size"] = 8

    def filter(self, events: QuerySet) -> QuerySet:
        """``events`` narrowed by the fields filled in; none when one is wrong (its error
        shows beside it), rather than rows the reader did not ask for."""
        if not self.is_valid():
            return events.none()
        data = self.cleaned_data
        if data.get("object_type"):
            events = events.filter(object_type=data["object_type"])
        if data.get("object_id"):
            events = events.filter(object_id=data["object_id"])
        if data.get("action"):
            events = events.filter(action__in=same_label_actions(data["action"]))
        if data.get("person") == SYSTEM:
            events = events.filter(actor=None)
        elif data.get("person"):
            events = events.filter(actor_id=int(data["person"]))
        return events
