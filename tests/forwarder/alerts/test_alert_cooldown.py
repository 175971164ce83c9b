"""The per-container cool-down: the fallback while error issues cannot be reached."""

from __future__ import annotations

from lambda_forwarder.alerts.cooldown import MemoryCooldownStore

T0 = 1_795_600_000.0


class TestCooldownContract:
    def store(self) -> MemoryCooldownStore:
        return MemoryCooldownStore()

    def test_first_alert_then_cooldown_then_counts(self) -> None:
        """First acquire passes; repeats within the cool-down are counted and reported next."""
        store = self.store()
        assert store.acquire("fp", T0, 300) == 0
        assert store.acquire("fp", T0 + 10, 300) is None
        store.add_suppressed("fp", 500, T0 + 10)
        store.add_suppressed("fp", 250, T0 + 20)
        assert store.acquire("fp", T0 + 299, 300) is None
        assert store.acquire("fp", T0 + 300, 300) == 750
        assert store.acquire("fp", T0 + 301, 300) is None  # counter reset, cool-down restarted

    def test_fingerprints_are_independent(self) -> None:
        store = self.store()
        assert store.acquire("a", T0, 300) == 0
        assert store.acquire("b", T0, 300) == 0

    def test_release_reopens_and_keeps_the_count(self) -> None:
        """An alert that could not be delivered is retried by the next batch, counts intact."""
        store = self.store()
        assert store.acquire("fp", T0, 300) == 0
        store.release("fp", 42, T0 + 1)
        assert store.acquire("fp", T0 + 2, 300) == 42

    def test_suppressed_before_any_alert(self) -> None:
        """Counting into an unknown fingerprint (expired item) never blocks its next alert."""
        store = self.store()
        store.add_suppressed("fp", 5, T0)
        assert store.acquire("fp", T0, 300) == 5


def test_memory_store_is_bounded() -> None:
    store = MemoryCooldownStore(max_entries=100)
    for n in range(1000):
        store.acquire(f"fp{n}", T0, 300)
    assert len(store._entries) == 100
    assert store.acquire("fp999", T0 + 1, 300) is None  # recent ones are kept
