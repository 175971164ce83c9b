"""The example card processor's errors (a module of their own, so their qualified names read
`examples.payments.PaymentDeclinedError` in logs, as a real service's would)."""


class PaymentDeclinedError(Exception):
    """The card processor said no."""


class PaymentGatewayTimeoutError(Exception):
    """The card processor did not answer in time."""
