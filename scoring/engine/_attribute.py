"""Cross-unit evidence (跨单位佐证): which unit each record with a 计入单位 is scored in, decided once per batch.

Rules (docs/rule-language.md, “跨单位佐证（第二版）”; the models in ``scoring.models.transfer``):

- only an evidence type declaring ``charged_to: true`` may name another unit (the loader refuses the rest);
- 计入单位 is matched against the batch's unit ids first, then its unit names, exactly (spaces around it ignored);
  naming the recording unit itself changes nothing;
- a record moves once: the charged unit is where it is scored, it is never passed on again, so two units
  charging records to each other is not a cycle;
- in the charged unit it has the id ``<id>@<recording unit id>`` (``~2``, ``~3`` … added in the rare case that id is taken there) and keeps its source (the recording unit's
  file and row); a rejection, and a discretionary amount about it (``record:``), written in the recording
  unit's reviews.yaml go with it (the amount is checked against the charged unit's range when it is scored);
- a record with exactly the content of one the charged unit already has (its own, or one received earlier in
  the order below) counts once: the later one is excluded, said so on both sides;
- records are handled in the order (recording unit id, record id), never in folder order, so the result is
  the same whatever order the units come in;
- a 计入单位 that is no unit of the batch, or a name several units share, is excluded with that reason in the
  recording unit and reported as a batch warning; scored alone, a unit counts none of its passed-on records and
  says that records others charge to it are only seen in a batch.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..errors import ErrorInfo, EvidenceError, did_you_mean
from ..models.evidence import EvidenceSet, Record, Rejection, Review
from ..models.rulebook import Rulebook
from ..models.transfer import Share, Transfer, TransferOutcome

__all__ = ["Offer", "attribute", "attribute_offers", "charged_warnings", "cross_unit", "offer", "share_alone",
           "transfer_notes"]

Content = tuple[str, tuple[tuple[str, str], ...]]
"""A record's type and filled-in values as text: two records with the same content are the same event."""


def cross_unit(book: Rulebook) -> bool:
    """Whether any evidence type of ``book`` allows a 计入单位."""
    return any(t.charged_to for t in book.evidence.values())


def _snapshot(rec: Record) -> dict[str, str]:
    from ..evidence.reviewing import record_snapshot

    return record_snapshot(rec)


def _content(rec: Record) -> Content:
    return rec.type, tuple(sorted(_snapshot(rec).items()))


def _charged(book: Rulebook, ev: EvidenceSet) -> list[Record]:
    """The unit's records that name another unit (in id order)."""
    u = ev.unit
    return sorted((r for r in ev.records if r.charged_to is not None and r.charged_to not in (u.id, u.name)
                   and book.evidence[r.type].charged_to), key=lambda r: r.id)


def _transfer(rec: Record, of: Offer, outcome: TransferOutcome, reason: str, to: Offer | None = None,
              taken: frozenset[str] = frozenset()) -> Transfer:
    """``taken``: ids the charged unit already has with an ``@`` in them (its own): the received id steers clear."""
    assert rec.charged_to is not None
    got = f"{rec.id}@{of.unit}"
    n = 1
    while got in taken:
        n += 1
        got = f"{rec.id}@{of.unit}~{n}"
    return Transfer(record=rec.id, type=rec.type, source=rec.source, values=_snapshot(rec), from_unit=of.unit,
                    from_name=of.name, charged_to=rec.charged_to, to_unit=to.unit if to else None,
                    to_name=to.name if to else None, received_as=got if to else None,
                    outcome=outcome, reason=reason)


_NONE: list[Share] = []


def share_alone(book: Rulebook, ev: EvidenceSet) -> Share:
    """One unit scored by itself: records charged to another unit are not counted here (that unit is not here)."""
    if not cross_unit(book):
        if not _NONE:  # the defaults, made without building Share's validator (a unit scored alone, no 计入单位)
            _NONE.append(Share.model_construct(batch=False))
        return _NONE[0]
    me = Offer(ev.unit.id, ev.unit.name, (), (), ())
    out = [_transfer(r, me, "alone", f"计入单位是“{r.charged_to}”：这条记录算在该单位，只在整批评分（scoring rank）时"
                                     "计入该单位；单独为本单位评分时不计")
           for r in _charged(book, ev)]
    return Share(batch=False, passed_on=out)


@dataclass(frozen=True)
class Offer:
    """What attribution needs of one unit (small, picklable: a parallel batch can compute it in its workers):
    who it is, its records naming another unit, the rejections of those, and what it already holds by content
    (its own records, of the types that allow a 计入单位, that stay with it)."""

    unit: str
    name: str
    charged: tuple[Record, ...]
    rejections: tuple[Rejection, ...]
    held: tuple[tuple[Content, str], ...]
    reviews: tuple[Review, ...] = ()
    taken: frozenset[str] = frozenset()
    """Its own record ids with an ``@`` in them, so that no received id is ever the same as one of them."""


def offer(book: Rulebook, ev: EvidenceSet) -> Offer:
    charged = _charged(book, ev)
    out = {r.id for r in charged}
    allowed = {n for n, t in book.evidence.items() if t.charged_to}
    held: dict[Content, str] = {}
    for r in sorted(ev.records, key=lambda r: r.id):
        if r.type in allowed and r.id not in out:
            held.setdefault(_content(r), f"本单位的记录 {r.id}（{r.source}）")
    return Offer(ev.unit.id, ev.unit.name, tuple(charged), tuple(rj for rj in ev.rejections if rj.record in out),
                 tuple(held.items()), tuple(rv for rv in ev.reviews if rv.record in out),
                 frozenset(r.id for r in ev.records if "@" in r.id))


def attribute(book: Rulebook, sets: Sequence[EvidenceSet]) -> list[Share]:
    """Each unit's share of the batch's cross-unit records, in the order of ``sets`` (see the module's rules)."""
    if not cross_unit(book):
        return [Share(batch=True) for _ in sets]
    return attribute_offers([offer(book, ev) for ev in sets])


def attribute_offers(offers: Sequence[Offer]) -> list[Share]:
    """``attribute`` from each unit's ``offer`` (in the batch's order; the result does not depend on it)."""
    by_id: dict[str, list[int]] = {}
    by_name: dict[str, list[int]] = {}
    for i, of in enumerate(offers):
        by_id.setdefault(of.unit, []).append(i)
        by_name.setdefault(of.name, []).append(i)
    passed: list[list[Transfer]] = [[] for _ in offers]
    received: list[list[Transfer]] = [[] for _ in offers]
    records: list[list[Record]] = [[] for _ in offers]
    rejections: list[list[Rejection]] = [[] for _ in offers]
    reviews: list[list[Review]] = [[] for _ in offers]
    held = [dict(of.held) for of in offers]
    pool = [of.unit for of in offers] + [of.name for of in offers]
    for i in sorted(range(len(offers)), key=lambda i: (offers[i].unit, i)):
        of = offers[i]
        for rec in of.charged:
            text = rec.charged_to or ""
            ids = by_id.get(text) or by_name.get(text) or []
            if len(ids) > 1:
                names = "、".join(sorted(f"{offers[j].name}（{offers[j].unit}）" for j in ids))
                passed[i].append(_transfer(rec, of, "ambiguous", f"计入单位“{text}”对应本批的 {len(ids)} 个单位：{names}；"
                                                                "这条记录没有计入任何单位，请改写单位编号"))
                continue
            if not ids:
                near = did_you_mean(text, pool)
                guess = f"（您是不是想写“{near}”？）" if near else ""
                passed[i].append(_transfer(rec, of, "unknown-unit", f"计入单位“{text}”不是本次评分的单位{guess}："
                                                                   "这条记录没有计入任何单位"))
                continue
            j = ids[0]
            to = offers[j]
            key = _content(rec)
            first = held[j].get(key)
            if first is not None:
                reason = (f"由{of.name}记录、计入{to.name}，但{to.name}已有内容完全相同的记录："
                          f"{first.replace('本单位', to.name)}；视为同一事件，只计一次")
                t = _transfer(rec, of, "duplicate", reason, to, to.taken)
                passed[i].append(t)
                received[j].append(t)
                continue
            t = _transfer(rec, of, "passed", f"由{of.name}（{of.unit}）记录，计入{to.name}（{to.unit}）", to, to.taken)
            assert t.received_as is not None
            held[j][key] = f"{of.name}转来的记录 {t.received_as}（{rec.source}）"
            passed[i].append(t)
            received[j].append(t)
            records[j].append(rec.model_copy(update={"id": t.received_as}))
            rejections[j] += [rj.model_copy(update={"record": t.received_as}) for rj in of.rejections
                              if rj.record == rec.id]
            reviews[j] += [rv.model_copy(update={"record": t.received_as}) for rv in of.reviews if rv.record == rec.id]
    return [Share(batch=True, passed_on=passed[i], received=received[i], records=records[i], rejections=rejections[i],
                  reviews=reviews[i]) for i in range(len(offers))]


def charged_warnings(passed_on: Iterable[Transfer]) -> list[ErrorInfo]:
    """A batch warning (located at the record) for each of these records charged to no unit of the batch (the
    results' ``passed_on``: a batch that streams its results can say them as it goes)."""
    out: list[ErrorInfo] = []
    for t in passed_on:
        if t.outcome not in ("unknown-unit", "ambiguous"):
            continue
        code = "batch.charged-unknown"
        if t.outcome == "ambiguous":
            code = "batch.charged-ambiguous"
        out.append(EvidenceError(
            f"{t.from_name}的记录 {t.record}：{t.reason}", location=t.source, severity="warning", code=code,
            hint="“计入单位”写本批某个单位的编号（unit.yaml 的 id）或名称（name）；名称有重复时写编号").info())
    return out


def transfer_notes(book: Rulebook, share: Share) -> list[str]:
    """What a result says about cross-unit records (nothing when the rulebook allows none)."""
    if not cross_unit(book):
        return []
    out: list[str] = []
    if not share.batch:
        out.append("本次单独为一个单位评分：其他单位记录、计入本单位的佐证（跨单位佐证）只在整批评分（scoring rank）时计入，"
                   "这里没有计入")
    if share.passed_on:
        out.append(f"本单位记录、计入单位是其他单位的 {len(share.passed_on)} 条记录不计入本单位（见未计入的证据）")
    if share.received:
        by: dict[str, int] = {}
        for t in share.received:
            by[t.from_name] = by.get(t.from_name, 0) + 1
        parts = "、".join(f"{name} {n} 条" for name, n in sorted(by.items()))
        out.append(f"其他单位记录、计入本单位的佐证 {len(share.received)} 条：{parts}（见各项账目中的来源）")
    return out
