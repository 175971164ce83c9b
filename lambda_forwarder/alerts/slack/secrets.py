"""Slack credentials: the webhook URL, or app mode's bot token; from the environment (local use)
or Secrets Manager (deployed).

A webhook URL is a bearer credential: anyone holding it can post to the channel. It is never
logged, never put in an exception message, never shown by `repr`. Secrets Manager values are
cached by Powertools Parameters for `max_age` seconds, so a warm container asks once per
`max_age`, and a rotated secret is picked up without a redeploy.

The secret may hold the plain URL or JSON `{"url": "..."}` (`webhook_url` is accepted too);
a bot token secret the plain `xoxb-…` token or JSON `{"token": "..."}`.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from lambda_forwarder.errors import SecretError

if TYPE_CHECKING:
    import boto3


def _secret_text(value: str | bytes | Any, source: str, keys: tuple[str, ...]) -> str:
    """The text of a secret's value: plain, or the first of `keys` in a JSON object. Raises
    SecretError naming `source`, never the value."""
    if isinstance(value, bytes | bytearray):
        try:
            value = bytes(value).decode("utf-8")
        except UnicodeDecodeError:
            raise SecretError(source, "binary secret is not UTF-8 text") from None
    if not isinstance(value, str):
        raise SecretError(source, "secret value is not text")
    text = value.strip()
    if text.startswith("{"):
        try:
            data = json.loads(text)
        except ValueError:
            raise SecretError(source, "secret looks like JSON but does not parse") from None
        found = (
            next((data.get(k) for k in keys if data.get(k)), None)
            if isinstance(data, dict)
            else None
        )
        if not isinstance(found, str):
            raise SecretError(source, f'JSON secret has no string "{keys[0]}" key')
        text = found.strip()
    return text


def parse_webhook_secret(value: str | bytes | Any, source: str) -> str:
    """The URL inside a secret's value (plain, or JSON `{"url": ...}`); raises SecretError
    naming `source`, never the value."""
    text = _secret_text(value, source, ("url", "webhook_url"))
    parts = urlsplit(text)
    if parts.scheme not in ("https", "http") or not parts.netloc:
        raise SecretError(source, "secret is not an http(s) URL")
    return text


def parse_token_secret(value: str | bytes | Any, source: str) -> str:
    """The bot token inside a secret's value (plain `xoxb-…` or JSON `{"token": ...}`);
    raises SecretError naming `source`, never the value."""
    text = _secret_text(value, source, ("token", "bot_token"))
    if not text.startswith("xox") or any(c.isspace() for c in text):
        raise SecretError(source, "secret is not a Slack token (xoxb-…)")
    return text


class WebhookUrlSource:
    """Resolves one webhook URL when needed (so invocations without errors cost no API call)."""

    parse = staticmethod(parse_webhook_secret)

    def __init__(
        self,
        *,
        url: str | None,
        secret_arn: str | None,
        max_age: int = 300,
        session: boto3.Session | None = None,
        provider: Any = None,
    ) -> None:
        if not url and not secret_arn:
            raise ValueError("a value or a secret ARN is required")
        self._url = url
        self._arn = secret_arn
        self._max_age = max_age
        self._session = session
        self._provider = provider

    def __repr__(self) -> str:
        where = "environment" if self._url else self._arn
        return f"WebhookUrlSource({where})"

    @property
    def description(self) -> str:
        """Where the URL comes from, safe to log."""
        return "environment variable" if self._url else f"secret {self._arn}"

    def _secrets_provider(self) -> Any:
        if self._provider is None:
            from aws_lambda_powertools.utilities.parameters import SecretsProvider
            from botocore.config import Config

            config = Config(connect_timeout=2, read_timeout=2, retries={"max_attempts": 2})
            self._provider = SecretsProvider(boto_config=config, boto3_session=self._session)
        return self._provider

    def resolve(self) -> str:
        """The URL; raises SecretError (without the value) if it cannot be had."""
        if self._url:  # an explicit URL (local runs) wins over the secret
            return self._url
        assert self._arn is not None
        try:
            value = self._secrets_provider().get(self._arn, max_age=self._max_age)
        except Exception as error:  # Powertools wraps every client error in GetParameterError
            problem = f"cannot read the secret: {type(error).__name__}: {error}"[:300]
            raise SecretError(self._arn, problem) from None
        return self.parse(value, self._arn)


class BotTokenSource(WebhookUrlSource):
    """Resolves the Slack app's bot token the same way: environment (local) or the secret,
    cached for `max_age` so a rotated token is picked up without a redeploy."""

    parse = staticmethod(parse_token_secret)

    def __repr__(self) -> str:  # never the token
        return f"BotTokenSource({'environment' if self._url else self._arn})"
