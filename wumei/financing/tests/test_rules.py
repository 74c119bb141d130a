"""Monthly SMEs served and loans granted, hand-computed, without a database."""

import datetime
from decimal import Decimal

from wumei.financing import rules

D = datetime.date
R = rules.RequestFacts


def test_months_count_distinct_enterprises_served_and_loans_granted():
    requests = [
        R(1, D(2026, 4, 20), D(2026, 5, 28), Decimal("2500")),
        R(1, D(2026, 6, 3)),
        R(2, D(2026, 5, 12)),
        R(3, D(2025, 12, 1), D(2026, 1, 15), Decimal("100.5")),  # asked last year, granted this January
    ]
    follow_ups = [(1, D(2026, 5, 6)), (1, D(2026, 5, 28)), (2, D(2026, 6, 10)), (3, D(2025, 12, 20))]
    totals = rules.monthly_totals(2026, requests, follow_ups)
    months = {m.month: (m.served, m.requests, m.granted, m.granted_amount) for m in totals.months}
    assert months[1] == (0, 0, 1, Decimal("100.5"))  # a grant alone is not a contact in the month
    assert months[4] == (1, 1, 0, Decimal(0))
    assert months[5] == (2, 1, 1, Decimal("2500"))  # enterprise 1 followed up, enterprise 2 asked
    assert months[6] == (2, 1, 0, Decimal(0))
    # The year counts each enterprise once: 1 and 2 (3's contacts were last year).
    assert (totals.served, totals.requests, totals.granted, totals.granted_amount) == (2, 3, 2, Decimal("2600.5"))


def test_granted_and_refused_are_final():
    assert rules.can_move("requested", "reviewing")
    assert rules.can_move("requested", "granted")
    assert rules.can_move("reviewing", "refused")
    assert not rules.can_move("granted", "reviewing")
    assert not rules.can_move("refused", "granted")
    assert not rules.can_move("reviewing", "requested")
