"""The hashing shared by the hearing's score chain (A8) and part B's decision ledger.

Chains already stored must still verify: the material hashed and its canonical JSON are
pinned by a known vector. Who acted is no part of any chain (the audit log's ``actor_label``
is not hashed), so recording names instead of logins changes no hash."""

from __future__ import annotations

import hashlib

from cadrex.audit.chain import canonical, entry_hash

PAYLOAD = {"juror": "张三", "value": "85.50", "contestant": 3}


def test_the_hash_of_an_entry_is_pinned():
    assert entry_hash("", "score", 1, PAYLOAD) == (
        "141acdefbe0255385c8392dffe03d062b4dbe5edd28d11ca30a36cf07b0deb30"
    )
    material = '|score|1|{"contestant":3,"juror":"张三","value":"85.50"}'
    assert entry_hash("", "score", 1, PAYLOAD) == hashlib.sha256(material.encode()).hexdigest()


def test_canonical_json_is_independent_of_key_order():
    assert canonical({"b": 1, "a": "张"}) == canonical({"a": "张", "b": 1}) == '{"a":"张","b":1}'


def _chain(payloads: list[dict]) -> list[tuple[str, dict, str]]:
    links, head = [], ""
    for seq, payload in enumerate(payloads, start=1):
        digest = entry_hash(head, "score", seq, payload)
        links.append((head, payload, digest))
        head = digest
    return links


def _verifies(links: list[tuple[str, dict, str]]) -> bool:
    head = ""
    for seq, (prev, payload, digest) in enumerate(links, start=1):
        if prev != head or entry_hash(prev, "score", seq, payload) != digest:
            return False
        head = digest
    return True


def test_a_chain_verifies_and_any_change_breaks_it():
    links = _chain([PAYLOAD, {**PAYLOAD, "juror": "李四"}, {**PAYLOAD, "value": "90"}])
    assert _verifies(links)
    prev, payload, digest = links[1]
    links[1] = (prev, {**payload, "value": "99"}, digest)
    assert not _verifies(links)
