"""A second service that logs the same order ids, so one search finds the whole story."""

from __future__ import annotations

import sys

import emitter

log = emitter.get_logger("fulfillment.worker")


def main(argv: list[str]) -> int:
    orders = argv or ["ord-1001", "ord-1002", "ord-1007"]
    for order_id in orders:
        log.info("reservation created", order_id=order_id, warehouse="FRA-2")
        if order_id.endswith("7"):
            log.info("reservation released: payment failed", order_id=order_id, warehouse="FRA-2")
        else:
            log.info("parcel handed to carrier", order_id=order_id, carrier="DHL", parcels=1)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
