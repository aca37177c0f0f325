# A small Python program that reports errors with sentry-sdk, one event per scenario; run by
# ../capture-fixtures.ts with the capture server's DSN as its argument. Each event carries the tag
# `fixture` naming the file it is saved to.
import json
import logging
import sys

import sentry_sdk

sentry_sdk.init(dsn=sys.argv[1], release="shop@1.0.0", environment="fixtures", traces_sample_rate=0)
log = logging.getLogger("shop.orders")


def price_per_item(total, count):
    return total / count


def checkout(cart):
    return price_per_item(cart["total"], len(cart["items"]))


def find_user(users, user_id):
    return users[user_id]


def load_order(raw):
    try:
        return json.loads(raw)
    except ValueError as error:
        raise RuntimeError("Could not load order 42") from error


def walk(depth):
    if depth == 0:
        raise RecursionError("Tree deeper than 3 levels")
    return walk(depth - 1)


def serve(request):
    """Every scenario goes through this one request handler, as a web app's requests would."""
    route = request["route"]
    if route == "checkout":
        return checkout(request["cart"])
    if route == "user":
        return find_user({}, request["user_id"])
    if route == "order":
        return load_order(request["raw"])
    return walk(request["depth"])


SCENARIOS = [
    ("python/zero-division", {"route": "checkout", "cart": {"total": 10, "items": []}}, None),
    ("python/zero-division-again", {"route": "checkout", "cart": {"total": 99, "items": []}}, None),
    ("python/key-error", {"route": "user", "user_id": "u-1f3a"}, None),
    ("python/chained-cause", {"route": "order", "raw": "{"}, None),
    ("python/recursion", {"route": "tree", "depth": 3}, None),
    (
        "python/fingerprint-default-tenant",
        {"route": "checkout", "cart": {"total": 10, "items": []}},
        ["{{ default }}", "tenant-a"],
    ),
]

for fixture, request, fingerprint in SCENARIOS:
    with sentry_sdk.push_scope() as scope:
        scope.set_tag("fixture", fixture)
        if fingerprint:
            scope.fingerprint = fingerprint
        try:
            serve(request)
        except Exception:
            sentry_sdk.capture_exception()

with sentry_sdk.push_scope() as scope:
    scope.set_tag("fixture", "python/message")
    sentry_sdk.capture_message("Payment 4242 declined for bob@example.com after 350ms")

with sentry_sdk.push_scope() as scope:
    scope.set_tag("fixture", "python/logging-template")
    log.error("Order %s could not be shipped to %s", 1001, "bob@example.com")

sentry_sdk.flush(5)

# With attach_stacktrace, a message carries the current thread's stack trace.
sentry_sdk.init(dsn=sys.argv[1], release="shop@1.0.0", environment="fixtures", attach_stacktrace=True)
with sentry_sdk.push_scope() as scope:
    scope.set_tag("fixture", "python/message-with-stacktrace")
    sentry_sdk.capture_message("Nightly export took 3812 seconds")
sentry_sdk.flush(5)
