"""A checkout flow: what a payments team's service logs on a bad day.

Run it alone to see its JSON lines: `SERVICE_NAME=checkout python -m examples.checkout_service`.
"""

from __future__ import annotations

import random
import sys

import emitter
from examples.payments import PaymentDeclinedError, PaymentGatewayTimeoutError

log = emitter.get_logger("checkout.api")


def charge(order_id: str, amount: float) -> str:
    if order_id.endswith("7"):
        try:
            raise PaymentGatewayTimeoutError(f"gateway did not answer within 3.0s for {order_id}")
        except PaymentGatewayTimeoutError as timeout:
            raise PaymentDeclinedError(f"charge of {amount:.2f} EUR failed") from timeout
    return f"ch_{random.randrange(16**12):012x}"


def checkout(order_id: str, customer_id: str, items: list[dict[str, object]]) -> None:
    total = round(sum(float(i["price"]) * int(i["qty"]) for i in items), 2)  # type: ignore[arg-type]
    with emitter.context(order_id=order_id, customer_id=customer_id):
        log.info("checkout started", item_count=len(items), amount=total, currency="EUR")
        # A nested payload: stored as one JSON string, so it can never explode the mapping.
        log.info(
            "cart snapshot",
            cart={"items": items, "shipping": {"method": "express", "address": {"country": "DE"}}},
        )
        if any(int(i["qty"]) > 3 for i in items):  # type: ignore[arg-type]
            log.warning("inventory low, order may ship late", sku=items[0]["sku"], remaining=2)
        try:
            charge_id = charge(order_id, total)
        except PaymentDeclinedError:
            # No exc_info needed: at error level inside `except` the emitter captures it.
            log.error(
                "payment failed for order %s", order_id, amount=total, payment_provider="acme-pay"
            )
            return
        log.info("payment captured", charge_id=charge_id, amount=total)


def main(argv: list[str]) -> int:
    orders = argv or ["ord-1001", "ord-1002", "ord-1007"]
    for n, order_id in enumerate(orders):
        items = [
            {"sku": f"SKU-{100 + n}", "qty": 1 + n * 2, "price": 19.99},
            {"sku": "SKU-777", "qty": 1, "price": 5.0},
        ]
        checkout(order_id, customer_id=f"cus-{4242 + n}", items=items)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
