"""A small program using the Python SDK (sentry-sdk): `python3 python_app.py <case>`, DSN in SENTRY_DSN."""
import logging
import sys

import sentry_sdk


def charge_card(order):
    raise ValueError(f"card declined for order {order}")


def refund(order):
    raise ValueError(f"refund refused for order {order}")


def capture(fn, *args):
    try:
        fn(*args)
    except ValueError:
        sentry_sdk.capture_exception()


def main(case):
    sentry_sdk.init(release="shop@2.0.0", environment="staging", default_integrations=True)
    sentry_sdk.set_tag("tenant", "acme")
    sentry_sdk.set_user({"id": "u-7", "email": "ana@example.com"})
    if case == "charge":
        capture(charge_card, 41)
        capture(charge_card, 42)
    elif case == "refund":
        capture(refund, 41)
    elif case == "log":
        logging.getLogger("payments").error("payment %s failed", "p-1")
        logging.getLogger("payments").error("payment %s failed", "p-2")
    sentry_sdk.flush(10)


main(sys.argv[1])
