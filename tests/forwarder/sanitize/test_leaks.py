"""Secrets that reached an output, each through the real pipeline: indexed on the real node (the
documents with their `event.original`, and the Slack alert of the loopback receiver), and
dead-lettered with the cluster unreachable (the local letters and that run's alert). Beside each,
the near-misses its rule must leave as they are, checked in the same outputs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from opensearchpy import OpenSearch

from devtools.slack_receiver import SlackReceiver
from lambda_forwarder.config import load_settings
from lambda_forwarder.decode import subscription_event
from lambda_forwarder.handler import build_pipeline
from tests.support.pipeline import balanced, batch_of, documents, invoke, make_env, stored_letters

pytestmark = pytest.mark.integration

BODY = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj"
BODY2 = "Zx9Qw8Er7Ty6Ui5Op4As3Df2Gh1Jk0LzXcVbNm+/Qw8Er7Ty6Ui5Op4As3Df2Gh1"
TAIL = "AB12cd+/Qx7=="


class Outputs:
    """What one batch became: `documents` (the node's, with `event.original`), `letters` (the
    events dead letters keep), `slack` (every alert), each as one text."""

    def __init__(self, docs: list[dict], letters: list[str], slack: list[dict]) -> None:
        self.docs = docs
        self.documents = json.dumps(docs)
        self.letters = "\n".join(letters)
        self.slack = json.dumps(slack)

    def holding(self, secret: str) -> list[str]:
        places = {"documents": self.documents, "dead letters": self.letters, "Slack": self.slack}
        return [place for place, text in places.items() if secret in text]


@pytest.fixture
def outputs(opensearch_url: str, opensearch_client: OpenSearch, prefix: str, tmp_path: Path):
    def run(lines: list[str]) -> Outputs:
        with SlackReceiver() as slack:
            up = make_env(opensearch_url, prefix, tmp_path / "unused", SLACK_WEBHOOK_URL=slack.url)
            indexed = invoke(build_pipeline(load_settings(up)), subscription_event(batch_of(lines)))
            assert balanced(indexed) and indexed["indexed"] == len(lines), indexed
            down = make_env(
                "http://127.0.0.1:9",
                prefix,
                tmp_path / "letters",
                BULK_MAX_RETRIES="0",
                SLACK_WEBHOOK_URL=slack.url,
            )
            lost = invoke(build_pipeline(load_settings(down)), subscription_event(batch_of(lines)))
            assert balanced(lost) and lost["dead_lettered"] == len(lines), lost
            posted = indexed["alerts_posted"] + lost["alerts_posted"]
            assert slack.wait_for(posted, timeout=10)
            messages = list(slack.messages)
        letters = stored_letters(tmp_path / "letters")
        events = [event.message for letter in letters for event in letter.events]
        assert len(events) == len(lines)  # every event kept, one for one
        return Outputs(documents(opensearch_client, prefix), events, messages)

    return run


class TestAKeyLoggedBelowALine:
    """A key a logger printed as one message of several lines: the first line behind the
    logger's prefix, the key's lines under it untimed, one record."""

    LINES = [
        "2026-12-01 10:00:00 ERROR loaded key:",
        "-----BEGIN PRIVATE KEY-----",
        BODY,
        BODY2,
        TAIL,
        "-----END PRIVATE KEY-----",
        "2026-12-01 10:00:01 INFO key loaded",
    ]

    def test_no_output_holds_the_key(self, outputs) -> None:
        out = outputs(self.LINES)
        for secret in (BODY, BODY2, TAIL):
            assert out.holding(secret) == [], secret
        assert len(out.docs) == 2  # the key's lines are the first record's
        assert "loaded key:" in out.documents and "loaded key:" in out.letters
        assert "2026-12-01 10:00:01 INFO key loaded" in out.letters

    def test_a_merged_record_inside_a_block_an_earlier_record_began(self, outputs) -> None:
        """The BEGIN is a record of its own; the next logged line took an indented line with
        it. The document is masked (KeyLines follows the batch), and so are the events its dead
        letter keeps (`spread`): every event still there, the lines outside the block whole."""
        lines = [
            "2026-12-01 10:00:00,001 ERROR -----BEGIN PRIVATE KEY-----",
            f"2026-12-01 10:00:00,002 ERROR {BODY}",
            f"    {BODY2}",
            "2026-12-01 10:00:00,003 ERROR -----END PRIVATE KEY-----",
        ]
        out = outputs(lines)
        assert BODY not in out.documents and BODY2 not in out.documents
        assert out.holding(BODY) == [] and out.holding(BODY2) == []
        assert "2026-12-01 10:00:00,002 ERROR [REDACTED]" in out.letters.splitlines()


class TestABodyLineAlone:
    """The middle of a key whose BEGIN and END came in other deliveries: full body lines, one
    behind a logger's prefix, one bare, and nothing else in the batch to say they are."""

    def test_no_output_holds_it(self, outputs) -> None:
        out = outputs([f"2026-12-01T10:00:00Z ERROR {BODY}", BODY2])
        assert out.holding(BODY) == [] and out.holding(BODY2) == []
        assert "2026-12-01T10:00:00Z ERROR [REDACTED]" in out.letters

    NEAR_MISSES = [
        "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        "9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08",
        "ThisIsAnUnusuallyLongIdentifierNameThatKeepsOnGoingForeverAndMor",
        "supercalifragilisticexpialidocioussupercalifragilisticexpialidoc",
        "/srv/app/releases/20261201/build/static/js/chunks/vendors/main23",
    ]

    def test_text_that_does_not_mix_cases_and_digits_is_kept(self, outputs) -> None:
        """64 characters of base64's alphabet, but a digest, an identifier, a word, a path:
        they were masked as a key's line, alone or behind a prefix."""
        lines = [line for text in self.NEAR_MISSES for line in (text, f"2026 INFO {text}")]
        out = outputs(lines)
        messages = {doc["message"] for doc in out.docs}
        for text in self.NEAR_MISSES:
            assert len(text) == 64 and text in messages
            assert f"2026 INFO {text}" in out.letters.split("\n")
            assert f"2026 INFO {text}" in out.documents
        assert "[REDACTED]" not in out.documents + out.letters


class TestAUrlPasswordHoldingASlash:
    def test_the_whole_password_is_masked_and_paths_keep_their_at(self, outputs) -> None:
        near = [
            "2026-12-01T10:00:00Z INFO GET http://host:8080/path?email=a@b.com 200",
            "2026-12-01T10:00:00Z INFO GET https://example.com/users/a@b.com 200",
            "2026-12-01T10:00:00Z INFO GET https://example.com:443/users/a@b.com 200",
        ]
        leaked = (
            "2026-12-01T10:00:00Z ERROR connect postgres://app:Pg4a/Sl4sh9@db.internal:5432/app"
        )
        out = outputs([leaked, *near])
        assert out.holding("Sl4sh9") == [] and out.holding("Pg4a") == []
        masked = "postgres://app:[REDACTED]@db.internal:5432/app"
        assert masked in out.documents and masked in out.letters
        for line in near:
            assert line in out.letters.split("\n") and line in out.documents


class TestPasswordSpellings:
    SECRETS = {name: f"{name.replace('-', '')}Leak-{n}" for n, name in enumerate(
        ["pwd", "passwd", "pass", "passphrase", "db_pass", "x-db-pass", "DB_PASS", "MYSQL_PWD"]
    )}  # fmt: skip

    def test_their_values_are_masked_and_the_working_directory_kept(self, outputs) -> None:
        pairs = " ".join(f"{name}={secret}" for name, secret in self.SECRETS.items())
        lines = [
            f"2026-12-01T10:00:00Z ERROR login failed {pairs} PWD=/home/app",
            json.dumps({"level": "error", "message": "login failed", **self.SECRETS,
                        "PWD": "/home/app", "env": {"PWD": "/var/task", "pass": "nestedLeak-9"}}),
            "--- PASS: TestCharge (0.00s)",
        ]  # fmt: skip
        out = outputs(lines)
        for secret in [*self.SECRETS.values(), "nestedLeak-9"]:
            assert out.holding(secret) == [], secret
        assert "PWD=/home/app" in out.letters and "PWD=/home/app" in out.documents
        (json_doc,) = [doc for doc in out.docs if doc.get("PWD")]
        assert json_doc["PWD"] == "/home/app" and json_doc["db_pass"] == "[REDACTED]"
        assert json.loads(json_doc["env"]) == {"PWD": "/var/task", "pass": "[REDACTED]"}
        assert "--- PASS: TestCharge (0.00s)" in out.letters.split("\n")


class TestTheRestOfAKeyInABatchOfItsOwn:
    """A key printed line by line behind a logger's prefix, its BEGIN line in the batch before:
    full lines, the shorter last one (with CRLF line endings here), the END line; behind a
    prefix the parser reads off, and behind ones it leaves in the message."""

    PREFIXES = ("2026-12-01 10:00:00,00{} INFO ", "[2026-12-01 10:00:0{}] INFO ")
    PREFIXES += ("Dec  1 10:00:0{} host app[123]: ",)
    LAST = "Kq7Zb2Xw9Lm4Np8Rt3Vy6Qs1=="

    def test_no_output_holds_a_line_of_it(self, outputs) -> None:
        lines = [
            prefix.format(n) + text
            for prefix in self.PREFIXES
            for n, text in enumerate(
                [f"{BODY}\r", f"{BODY2}\r", f"{self.LAST}\r", "-----END PRIVATE KEY-----", "ok"]
            )
        ]
        out = outputs(lines)
        for secret in (BODY, BODY2, self.LAST):
            assert out.holding(secret) == [], secret
        letters = out.letters.split("\n")
        for prefix in self.PREFIXES:
            assert any(line.startswith(prefix.format(0) + "[REDACTED]") for line in letters)
            assert prefix.format(4) + "ok" in letters


class TestAnAwsSecretKeyAlone:
    SECRET = "Zx9Qw8Er7Ty6Ui5Op4As3Df2Gh1Jk0LzXcVbNm+/"
    NEAR = [
        "2026-12-01T10:00:00Z INFO aws deploy a9fbd797aa59c1698d242349293a9acc2652f8ff done",
        "2026-12-01T10:00:00Z INFO aws class AbstractSingletonProxyFactoryBeanImpl loaded",
    ]

    def test_it_is_masked_without_its_key_id(self, outputs) -> None:
        lines = [
            f"2026-12-01T10:00:00Z ERROR creds={self.SECRET}",
            f"2026-12-01T10:00:00Z ERROR aws login failed v={self.SECRET}",
            json.dumps({"level": "error", "message": "x", "secret_access_key_2": self.SECRET}),
            *self.NEAR,
        ]
        out = outputs(lines)
        assert out.holding(self.SECRET) == []
        assert "creds=[REDACTED]" in out.documents and "creds=[REDACTED]" in out.letters
        for line in self.NEAR:
            assert line in out.letters.split("\n") and line in out.documents


class TestAUrlPasswordOfDigits:
    def test_digits_that_are_no_port_are_masked(self, outputs) -> None:
        lines = [
            "2026-12-01T10:00:00Z ERROR connect postgres://app:123456/x@db.internal:5432/app",
            "2026-12-01T10:00:00Z ERROR redis://:0123/4567@cache:6379 down",
            "2026-12-01T10:00:00Z INFO GET http://[::1]:8080/a@b 200",
            "2026-12-01T10:00:00Z INFO git clone git+ssh://git@github.com:org/repo.git",
        ]
        out = outputs(lines)
        assert out.holding("123456/x") == [] and out.holding("0123/4567") == []
        for masked in ("postgres://app:[REDACTED]@db.internal", "redis://:[REDACTED]@cache"):
            assert masked in out.documents and masked in out.letters
        for line in lines[2:]:
            assert line in out.letters.split("\n") and line in out.documents
