"""emitter.clock: RFC 3339 UTC timestamps with microseconds."""

import re
from datetime import UTC, datetime

from emitter.clock import Clock


class TestClock:
    def test_format(self):
        """The text is RFC 3339, UTC, six fractional digits and Z."""
        moment = datetime(2026, 11, 25, 10, 7, 6, 123456, tzinfo=UTC).timestamp()
        assert Clock(lambda: moment).now() == "2026-11-25T10:07:06.123456Z"

    def test_second_changes_are_seen(self):
        """The cached seconds part is replaced when the second changes."""
        times = iter([1_000_000_000.5, 1_000_000_001.000001, 1_000_000_001.999999])
        clock = Clock(lambda: next(times))
        stamps = [clock.now() for _ in range(3)]
        assert stamps[0] == "2001-09-09T01:46:40.500000Z"
        assert stamps[1].startswith("2001-09-09T01:46:41.00000")
        assert stamps[2].startswith("2001-09-09T01:46:41.99999")

    def test_real_clock_is_close_to_now(self):
        """The real clock's text parses back to within a few seconds of now."""
        text = Clock().now()
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z", text)
        parsed = datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)
        assert abs((datetime.now(UTC) - parsed).total_seconds()) < 60

    def test_going_back_in_time_is_formatted_too(self):
        """A clock stepped backwards (NTP) gets its own second, not a negative fraction."""
        times = iter([1_000_000_001.25, 1_000_000_000.75, 1_000_000_001.5])
        clock = Clock(lambda: next(times))
        assert [clock.now()[17:] for _ in range(3)] == ["41.250000Z", "40.750000Z", "41.500000Z"]
