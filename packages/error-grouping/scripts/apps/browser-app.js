// A small web page's script that reports errors with @sentry/browser, one event per scenario. The
// capture script (../capture-fixtures.ts) bundles it with the SDK, serves it and opens it in
// Chromium; `window.SENTRY_DSN` is set by the page. Each event gets the tag `fixture` in beforeSend.
import * as Sentry from "@sentry/browser";

let current;
let delivered;

Sentry.init({
  dsn: window.SENTRY_DSN,
  release: "shop@1.0.0",
  environment: "fixtures",
  beforeSend(event) {
    event.tags = { ...event.tags, fixture: current };
    delivered?.();
    return event;
  },
});

function renderCart(cart) {
  return cart.items.map((item) => item.name).join(", ");
}

function formatPrice(price) {
  return price.toFixed(2);
}

/** Runs one scenario and waits until the SDK has taken its event. */
function scenario(name, run) {
  current = name;
  const taken = new Promise((resolve) => (delivered = resolve));
  run();
  return taken;
}

function caught(run) {
  return () => {
    try {
      run();
    } catch (error) {
      Sentry.captureException(error);
    }
  };
}

async function main() {
  await scenario(
    "browser/type-error",
    caught(() => renderCart(undefined)),
  );
  await scenario(
    "browser/type-error-again",
    caught(() => renderCart(null)),
  );
  await scenario(
    "browser/type-error-other-function",
    caught(() => formatPrice(undefined)),
  );
  const button = document.querySelector("#checkout");
  const cartId = 31;
  button.addEventListener("click", () => {
    throw new Error(`Checkout failed for cart ${cartId}`);
  });
  await scenario("browser/click-handler", () => setTimeout(() => button.click()));
  await scenario("browser/unhandled-rejection", () => void Promise.reject("quota exceeded"));
  await scenario("browser/plain-object", () => Sentry.captureException({ code: 42, reason: "declined" }));
  await scenario("browser/message", () => Sentry.captureMessage("Payment 4242 declined for bob@example.com"));
  await Sentry.flush(5000);
  window.fixturesDone = true;
}

void main();
