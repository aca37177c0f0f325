// A small Node program that reports errors with @sentry/node, one event per scenario; run by
// ../capture-fixtures.ts with the capture server's DSN as its argument. Each event carries the tag
// `fixture` naming the file it is saved to. Line numbers matter only for recursion (never for hashes).
import * as Sentry from "@sentry/node";

const [dsn] = process.argv.slice(2);
Sentry.init({
  dsn,
  release: "shop@1.0.0",
  environment: "fixtures",
  tracesSampleRate: 0,
  defaultIntegrations: false,
  integrations: [
    Sentry.linkedErrorsIntegration(),
    Sentry.contextLinesIntegration(),
    Sentry.nodeContextIntegration(),
  ],
});

function readUserName(user) {
  return user.profile.name;
}

function handleRequest(user) {
  return readUserName(user);
}

function readCartTotal(cart) {
  return cart.items.length;
}

function loadOrder(id) {
  try {
    JSON.parse(`{"order": ${id}`);
  } catch (cause) {
    throw new Error(`Could not load order ${id}`, { cause });
  }
}

function chargeAll(cards) {
  const failures = cards.map((card) => new RangeError(`Card ${card} declined`));
  throw new AggregateError(failures, `${failures.length} of ${cards.length} charges failed`);
}

function walk(depth) {
  if (depth === 0) throw new RangeError("Tree deeper than 3 levels");
  return walk(depth - 1);
}

/** Every scenario goes through this one request handler, as a web app's requests would. */
function serve(request) {
  if (request.route === "profile") return handleRequest(request.user);
  if (request.route === "cart") return readCartTotal(request.cart);
  if (request.route === "order") return loadOrder(request.orderId);
  if (request.route === "batch") return chargeAll(request.cards);
  return walk(request.depth);
}

const scenarios = [
  ["node/type-error", { route: "profile", user: { id: 7 } }],
  ["node/type-error-other-user", { route: "profile", user: { id: 8, profile: null } }],
  ["node/type-error-other-function", { route: "cart", cart: {} }],
  ["node/fingerprint-default-tenant", { route: "profile", user: { id: 7 } }, ["{{ default }}", "tenant-a"]],
  ["node/fingerprint-custom", { route: "profile", user: { id: 7 } }, ["checkout", "user-profile"]],
  ["node/chained-cause", { route: "order", orderId: 42 }],
  ["node/recursion", { route: "tree", depth: 3 }],
  ["node/aggregate-error", { route: "batch", cards: ["4242", "0341"] }],
];

for (const [fixture, request, fingerprint] of scenarios) {
  Sentry.withScope((scope) => {
    scope.setTag("fixture", fixture);
    if (fingerprint) scope.setFingerprint(fingerprint);
    try {
      serve(request);
    } catch (error) {
      Sentry.captureException(error);
    }
  });
}

function notify(fixture, message) {
  Sentry.withScope((scope) => {
    scope.setTag("fixture", fixture);
    Sentry.captureMessage(message);
  });
}

notify("node/message", "Payment 4242 declined for bob@example.com after 350ms");
const orderId = 1001;
notify("node/message-template", Sentry.parameterize`Order ${orderId} could not be shipped`);
await Sentry.close(5000);
