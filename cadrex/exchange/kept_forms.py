"""Part B's refused forms (``cadrex.kept_forms``): kept in the session for the page a POST
redirects to, or shown again by a page that answers its own POST. A form of one field shows
an unplaced refusal beside that field."""

from __future__ import annotations

from functools import partial

from cadrex import kept_forms

KEEPER = kept_forms.Keeper("exchange_kept_form", lone_field=True)
act_on_form = partial(kept_forms.act_on_form, lone_field=True)
