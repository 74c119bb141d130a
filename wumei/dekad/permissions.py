"""Who may do what with letters and dispatch orders.

- The county's HQ office (or a superuser) runs the round, edits, issues and withdraws drafts, closes and
  escalates issued letters, keeps the thresholds and monthly plans, writes and issues dispatch orders.
- A liaison or the head of the letter's recipient unit receives (read receipt on opening) and answers it.
- Everybody else who may read the letter (commander, the project's readers) only reads it; drafts are the
  HQ office's alone (wumei.dekad.queries.letter_visibility_q).
"""

from wumei.dekad import queries, rules
from wumei.dekad.models import DispatchOrder, Letter

S = Letter.Status


def letter_actions(user, letter: Letter) -> list[str]:
    """The actions `user` may take on `letter` now (needs letter.county loaded)."""
    actions: list[str] = []
    if queries.is_hq_for(user, letter.county):
        if letter.status == S.DRAFT:
            actions += ["edit", "issue", "withdraw"]
        elif letter.status in (S.ISSUED, S.RECEIVED, S.ANSWERED):
            actions.append("close")
            if rules.Kind(letter.kind) in rules.ESCALATES_TO:
                actions.append("escalate")
    if letter.status in rules.AWAITING_ANSWER and queries.is_recipient(user, letter):
        actions.append("answer")
    return actions


def order_actions(user, order: DispatchOrder) -> list[str]:
    if not queries.is_hq_for(user, order.county):
        return []
    if order.status == DispatchOrder.Status.DRAFT:
        return ["edit", "issue"]
    if order.status == DispatchOrder.Status.ISSUED:
        return ["close"]
    return []


def can_run_round(user) -> bool:
    return queries.is_hq(user) and queries.hq_counties(user).exists()
