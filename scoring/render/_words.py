"""How the one view (``scoring.render.view``) writes numbers and names: points, signs, vetoes, outcomes."""

from __future__ import annotations

from decimal import Decimal

from ..i18n import gettext as _
from ..models.result import ItemDisplay, OutcomeResult, ScoreResult
from ..values import decimal_text, round_to

__all__ = ["item_shown", "num", "outcome_line", "outcome_lines", "outcome_word", "rewards_text", "signed",
           "veto_label"]


def num(v: Decimal | None) -> str:
    """A number as people write it: 10, 2.5, 98.5; a blank as —."""
    if v is None:
        return "—"
    return decimal_text(v)


def signed(v: Decimal) -> str:
    """Points with their sign: +2, -5, 0."""
    return ("+" if v > 0 else "") + num(v)


def item_shown(v: Decimal, display: ItemDisplay | None) -> Decimal:
    """Points as the rulebook declares items are shown (``rounding.items``), exact when it declares nothing.

    Every number of points a person reads in a report goes through here: an item's points, the points of each
    ledger sentence, the points lost, the self-assessment gap. A non-zero amount that would show as 0 is shown
    exactly (a “-0” beside a deduction would say nothing). JSON keeps the exact values."""
    if display is None:
        return v
    shown = round_to(v, display.places, display.mode)
    return v if not shown and v else shown


def veto_label(effect: str) -> str:
    """The word for a fired veto: 一票否决 takes points away, 一票否优 only the top grade."""
    return {"no_top_grade": _("一票否优"), "exclude_from_ranking": _("取消排名")}.get(effect, _("一票否决"))


def outcome_word(kind: str) -> str:
    """What a non-point outcome is called: 表彰, 奖励, 提请关注."""
    return {"commendation": _("表彰"), "reward": _("奖励"), "flag": _("提请关注")}.get(kind, kind)


def outcome_line(o: OutcomeResult) -> str:
    """One granted outcome: ``奖励：无信访村奖励 5000 元（信访工作）——全年没有信访件``."""
    money = f" {num(o.amount)} {o.unit or ''}".rstrip() if o.amount is not None else ""
    where = _("（{item}）").format(item=o.node_title) if o.node_title else ""
    detail = f"——{o.note}" if o.note else ""
    return f"{outcome_word(o.kind)}：{o.label}{money}{where}{detail}"


def rewards_text(rewards: dict[str, Decimal]) -> str:
    """Reward amounts summed per unit of money: ``5000 元``, ``2 万元、500 元``."""
    return "、".join(f"{num(v)} {k}" for k, v in rewards.items())


def outcome_lines(r: ScoreResult) -> list[str]:
    """The outcomes this unit gets, one line each (表彰：…, 奖励：… 5000 元, 提请关注：…), and the rewards' sum
    when there is more than one reward."""
    got = r.granted
    out = [outcome_line(o) for o in got]
    if sum(1 for o in got if o.kind == "reward") > 1:
        out.append(_("奖励合计 {amount}").format(amount=rewards_text(r.rewards)))
    return out
