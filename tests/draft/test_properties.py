"""Invariants of a draft, on generated documents: no sentence of an item is dropped (each is a rule or left
for the editor), and the draft loads with errors only for the items marked todo."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings, strategies as st

import scoring
from scoring.draft import draft_blocks
from scoring.draft._outline import norm
from scoring.draft._read import Paragraph
from scoring.errors import ErrorGroup, UnwrittenRuleError

from .test_roundtrip import _nodes

POOL = [
    "每少1次扣4分", "全覆盖得6分，达到90%得4分，达到80%得2分", "应当开展而未开展法律援助的个案每例扣5分",
    "全年不少于4场，未达到的按完成比例得分", "酌情扣0.5–2分", "办结率达95%，每低1个百分点扣1分，低于90%不得分",
    "最多扣3分", "扣完为止", "审读结果优10分、良5分、中-2分", "工作有创新的，由考核组综合评定", "按要求开展活动",
    "逾期报送的每条扣1分", "全年4次及以上得10分，2-3次得6分，1次得3分", "分值扣完后实行倒扣，最多倒扣2分",
    "每起扣2分（县级以上通报的每起扣4分）", "发生重大舆情的，实行一票否优", "年内至少开展3次，每少一次扣1分",
]
CN = "一二三四五六七八九"


def cn(k: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二 (as documents number their items)."""
    return CN[k - 1] if k < 10 else "十" + (CN[k - 11] if k > 10 else "")

items = st.lists(st.tuples(st.integers(1, 20), st.lists(st.sampled_from(POOL), max_size=3)), min_size=1, max_size=4)
documents = st.lists(items, min_size=1, max_size=4)


def _paragraphs(doc: list[list[tuple[int, list[str]]]]) -> list[Paragraph]:
    out = [Paragraph("某县2023年度考评细则", "第 1 段")]
    k = 0
    for c, cat in enumerate(doc):
        out.append(Paragraph(f"{CN[c]}、类别{c + 1}（{sum(p for p, _ in cat)}分）", f"第 {len(out) + 1} 段"))
        for points, sentences in cat:
            k += 1
            body = "。".join(sentences) + ("。" if sentences else "")
            out.append(Paragraph(f"（{cn(k)}）条目{k}（{points}分）。{body}", f"第 {len(out) + 1} 段"))
    return out


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents)
def test_every_sentence_is_a_rule_or_left_and_only_todo_items_fail(doc: list[list[tuple[int, list[str]]]]) -> None:
    d = draft_blocks(list(_paragraphs(doc)))
    accounted = {(r.node, norm(r.sentence)) for r in d.report.rules} | {(x.node, norm(x.sentence)) for x in d.report.left}
    for c, cat in enumerate(doc, start=1):
        for i, (_, sentences) in enumerate(cat, start=1):
            for s in sentences:
                assert (f"c{c}_{i}", norm(s)) in accounted, (s, d.report_text())
                if "一票否" in s:  # a veto in an item becomes one of the rulebook's vetoes
                    assert any(v["title"] in s for v in d.rulebook["vetoes"])
    marked = {n["id"] for cat in d.rulebook["categories"] for n in _nodes(cat) if "todo" in n}
    try:
        scoring.parse_rulebook(d.rulebook_text(), "draft.yaml")
        errors: list[scoring.ScoringError] = []
    except scoring.RulebookError as e:
        errors = list(e.errors) if isinstance(e, ErrorGroup) else [e]
    assert all(isinstance(e, UnwrittenRuleError) for e in errors), [str(e) for e in errors]
    assert {e.message.split("'")[1] for e in errors} == marked
