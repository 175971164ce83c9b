"""emitter.levels: names for numbers, numbers from names."""

import pytest

from emitter.levels import level_name, parse_level


class TestLevelName:
    @pytest.mark.parametrize(
        ("number", "name"),
        [
            (0, "debug"),
            (5, "debug"),
            (10, "debug"),
            (20, "info"),
            (25, "info"),
            (30, "warning"),
            (40, "error"),
            (45, "error"),
            (50, "critical"),
            (99, "critical"),
        ],
    )
    def test_rounds_down_to_a_schema_name(self, number, name):
        """Custom levels map to the schema name at or below them."""
        assert level_name(number) == name


class TestParseLevel:
    @pytest.mark.parametrize(
        ("text", "number"),
        [
            ("debug", 10),
            ("INFO", 20),
            (" Warning ", 30),
            ("warn", 30),
            ("error", 40),
            ("critical", 50),
            ("fatal", 50),
            ("15", 15),
            (" 40 ", 40),
            (20, 20),
            ("notset", 0),
        ],
    )
    def test_names_and_numbers(self, text, number):
        """Names in any case and numbers (as text or int) are levels."""
        assert parse_level(text) == number

    @pytest.mark.parametrize("bad", ["verbose", "", "-5", "1.5", None, True, -1, 2.0])
    def test_malformed_is_none(self, bad):
        """Anything else is None, never an exception."""
        assert parse_level(bad) is None
