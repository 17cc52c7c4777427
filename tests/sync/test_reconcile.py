"""The reconciling rules on their own: latest change wins, per flag, with the server's last known value."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from reader.core.sync.engine import Known, LocalChange, Reconciler
from reader.core.sync.records import RemoteState, StateChange

NOW = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)
EARLIER, LATER = NOW - timedelta(minutes=5), NOW + timedelta(minutes=5)


def read(seq: int, remote_id: str, value: bool, when: datetime = NOW) -> LocalChange:
    return LocalChange(seq, remote_id, "read", value, when)


def test_remote_state_is_applied_when_nothing_local_waits() -> None:
    reconciler = Reconciler([], {})
    decision = reconciler.decide([RemoteState("7", read=True, starred=None)])
    assert decision.apply == (StateChange("7", "read", True),)
    assert reconciler.to_push() == []


def test_server_already_has_the_local_value() -> None:
    reconciler = Reconciler([read(1, "7", True)], {})
    decision = reconciler.decide([RemoteState("7", read=True, changed_at=LATER)])
    assert decision.apply == () and decision.dropped == (1,)
    assert reconciler.to_push() == []


def test_later_server_change_wins() -> None:
    reconciler = Reconciler([read(1, "7", True, EARLIER)], {"7": Known(True, False)})
    decision = reconciler.decide([RemoteState("7", read=False, changed_at=NOW)])
    assert decision.apply == (StateChange("7", "read", False),) and decision.dropped == (1,)
    assert reconciler.to_push() == []


def test_later_local_change_wins() -> None:
    change = read(1, "7", True, LATER)
    reconciler = Reconciler([change], {"7": Known(True, False)})
    decision = reconciler.decide([RemoteState("7", read=False, changed_at=NOW)])
    assert decision.apply == () and decision.dropped == ()
    assert reconciler.to_push() == [change]


def test_the_server_clock_is_what_counts() -> None:
    # Our clock runs ten minutes slow: the local change at "EARLIER" was really after the server's.
    change = read(1, "7", True, EARLIER)
    reconciler = Reconciler([change], {"7": Known(True, False)})
    reconciler.decide([RemoteState("7", read=False, changed_at=NOW)], clock_offset=600)
    assert reconciler.to_push() == [change]


def test_a_flag_the_server_did_not_change_is_pushed_whatever_the_entry_time() -> None:
    # Miniflux's changed_at moved because the entry was starred on a phone; read stayed as we knew it.
    change = read(1, "7", True, EARLIER)
    reconciler = Reconciler([change], {"7": Known(False, False)})
    decision = reconciler.decide([RemoteState("7", read=False, starred=True, changed_at=NOW)])
    assert decision.apply == (StateChange("7", "starred", True),)
    assert reconciler.to_push() == [change]


def test_no_server_time_and_both_changed_keeps_the_local_change() -> None:
    change = read(1, "7", True)
    reconciler = Reconciler([change], {"7": Known(True, None)})
    reconciler.decide([RemoteState("7", read=False)])
    assert reconciler.to_push() == [change]


def test_only_the_latest_local_change_of_a_flag_is_pushed() -> None:
    reconciler = Reconciler([read(1, "7", True), read(2, "7", False), read(3, "8", True)], {})
    assert [c.seq for c in reconciler.to_push()] == [2, 3]
    assert reconciler.superseded() == [1]
    assert reconciler.max_seq == 3


def test_a_flag_flipped_and_flipped_back_after_our_change_is_the_later_change() -> None:
    # Read here, then on a phone read and unread again: the entry changed after us and nothing else moved.
    pulled = Known(False, False, EARLIER - timedelta(minutes=1))  # as the last pull saw it
    reconciler = Reconciler([read(1, "7", True, EARLIER)], {"7": pulled})
    decision = reconciler.decide([RemoteState("7", read=False, starred=False, changed_at=NOW)])
    assert decision.apply == (StateChange("7", "read", False), StateChange("7", "starred", False))
    assert decision.dropped == (1,) and reconciler.to_push() == []


def test_a_change_the_server_is_known_to_have_needs_no_push() -> None:
    reconciler = Reconciler(
        [read(1, "7", True), read(2, "8", True)], {"7": Known(True, False), "8": Known(False, False)}
    )
    assert [c.seq for c in reconciler.settled()] == [1]
    assert [c.seq for c in reconciler.to_push()] == [2]


def test_an_entry_repeated_by_the_pull_overlap_is_not_a_new_change() -> None:
    # Miniflux pulls overlap a little: an entry seen last time comes again with the same change time.
    change = read(1, "7", True, EARLIER)
    reconciler = Reconciler([change], {"7": Known(False, False, NOW)})
    reconciler.decide([RemoteState("7", read=False, starred=False, changed_at=NOW)])
    assert reconciler.to_push() == [change]


def test_a_server_change_within_the_clock_resolution_does_not_beat_ours() -> None:
    change = read(1, "7", True, NOW)
    reconciler = Reconciler([change], {})
    reconciler.decide([RemoteState("7", read=False, changed_at=NOW + timedelta(milliseconds=500))])
    assert reconciler.to_push() == [change]


def test_the_entry_time_our_own_push_moved_is_no_server_change() -> None:
    # We pushed read (the base, of unknown server time), then starred here; Miniflux's entry time is that of our
    # push, later than our star: the star still goes out.
    star = LocalChange(2, "7", "starred", True, EARLIER)
    reconciler = Reconciler([star], {"7": Known(True, False, None)})
    decision = reconciler.decide([RemoteState("7", read=True, starred=False, changed_at=NOW)])
    assert decision.apply == (StateChange("7", "read", True),) and reconciler.to_push() == [star]
