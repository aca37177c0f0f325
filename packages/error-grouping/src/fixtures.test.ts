import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { md5Hex } from "./component.js";
import { groupErrorEvent } from "./index.js";
import type { ErrorEvent, ErrorGrouping } from "./index.js";

// Events as the real SDKs sent them (fixtures/, written by scripts/capture-fixtures.ts): @sentry/node
// 11.12.0, Debian's sentry-sdk 1.9.10 and @sentry/browser 11.12.0 in Chromium.
function fixture(name: string): ErrorEvent {
  return JSON.parse(readFileSync(new URL(`../fixtures/${name}.json`, import.meta.url), "utf8")) as ErrorEvent;
}

const md5 = (...values: string[]) => md5Hex(values);

const NODE_APP = "/srv/sift/packages/error-grouping/scripts/apps/node-app.mjs";

type Shown = Pick<ErrorGrouping, "title" | "culprit" | "metadata">;

/** node-app's `readUserName` reading the name of an undefined profile, as the issue shows it. */
const READ_USER_NAME: Shown = {
  title: "TypeError: Cannot read properties of undefined (reading 'name')",
  culprit: "readUserName(node-app)",
  metadata: {
    type: "TypeError",
    value: "Cannot read properties of undefined (reading 'name')",
    filename: NODE_APP,
    function: "readUserName",
    in_app_frame_mix: "mixed",
  },
};

/** python-app's `price_per_item` dividing by a count of zero, as the issue shows it. */
const PRICE_PER_ITEM: Shown = {
  title: "ZeroDivisionError: division by zero",
  culprit: "__main__ in price_per_item",
  metadata: {
    type: "ZeroDivisionError",
    value: "division by zero",
    filename: "python-app.py",
    function: "price_per_item",
    in_app_frame_mix: "in-app-only",
  },
};

const expected: Record<string, ErrorGrouping> = {
  "node/aggregate-error": {
    hashes: ["7ce022037f44a69be0fdb59ed9bb385a", "f1c1b7ab988b6bed8b4a5cf5b0691018"],
    title: "RangeError: Card 4242 declined",
    culprit: "chargeAll(node-app)",
    metadata: {
      type: "RangeError",
      value: "Card 4242 declined",
      filename: NODE_APP,
      function: "chargeAll",
      in_app_frame_mix: "mixed",
    },
    variant: "app",
  },
  "node/chained-cause": {
    hashes: ["3869f04e97fe9e493af61f8cae771096", "72b05853cc3d183f3d6d8c0647e2ae23"],
    title: "Error: Could not load order 42",
    culprit: "loadOrder(node-app)",
    metadata: {
      type: "Error",
      value: "Could not load order 42",
      filename: NODE_APP,
      function: "loadOrder",
      in_app_frame_mix: "mixed",
    },
    variant: "app",
  },
  "node/fingerprint-custom": {
    hashes: ["5309ac298b36fbb6ef1cbca5bdcc17fc"],
    ...READ_USER_NAME,
    variant: "custom_fingerprint",
  },
  "node/fingerprint-default-tenant": {
    hashes: ["4558b82adcc7d5d17b91ad7684e1b47d", "ff54a11e1cb9c42c642c1884c304dec8"],
    ...READ_USER_NAME,
    variant: "app",
  },
  "node/message-template": {
    hashes: ["dae2d4e4eb59f0f7f5feba7e4bbfd055", "db8e38a4ca41c3cbb444fd8e8541ac2b"],
    title: "Order 1001 could not be shipped",
    culprit: "",
    metadata: {
      value: "Order 1001 could not be shipped",
      filename: NODE_APP,
      function: "?",
      in_app_frame_mix: "mixed",
    },
    variant: "app",
  },
  "node/message": {
    hashes: ["02718a71cc77c1765ff0a6ff2d888ddf", "7145261dc44151b01edf310ee6414dab"],
    title: "Payment 4242 declined for bob@example.com after 350ms",
    culprit: "",
    metadata: {
      value: "Payment 4242 declined for bob@example.com after 350ms",
      filename: NODE_APP,
      function: "?",
      in_app_frame_mix: "mixed",
    },
    variant: "app",
  },
  "node/recursion": {
    hashes: ["d6cc1672874592d340272d896159b2d8", "e942ad38aa925047ad788b3337fdd672"],
    title: "RangeError: Tree deeper than 3 levels",
    culprit: "walk(node-app)",
    metadata: {
      type: "RangeError",
      value: "Tree deeper than 3 levels",
      filename: NODE_APP,
      function: "walk",
      in_app_frame_mix: "mixed",
    },
    variant: "app",
  },
  "node/type-error-other-function": {
    hashes: ["721d91c188425ef659afec9d4bf7692c", "28a714bcf536d816ac354ac1bde5f3ea"],
    title: "TypeError: Cannot read properties of undefined (reading 'length')",
    culprit: "readCartTotal(node-app)",
    metadata: {
      type: "TypeError",
      value: "Cannot read properties of undefined (reading 'length')",
      filename: NODE_APP,
      function: "readCartTotal",
      in_app_frame_mix: "mixed",
    },
    variant: "app",
  },
  "node/type-error-other-user": {
    hashes: ["5a4a8c80c51fbe1000d146570087fecc", "b75ecc5ae31dac9e1a687d94d41c17b5"],
    title: "TypeError: Cannot read properties of null (reading 'name')",
    culprit: "readUserName(node-app)",
    metadata: {
      type: "TypeError",
      value: "Cannot read properties of null (reading 'name')",
      filename: NODE_APP,
      function: "readUserName",
      in_app_frame_mix: "mixed",
    },
    variant: "app",
  },
  "node/type-error": {
    hashes: ["5a4a8c80c51fbe1000d146570087fecc", "b75ecc5ae31dac9e1a687d94d41c17b5"],
    ...READ_USER_NAME,
    variant: "app",
  },
  "python/chained-cause": {
    hashes: ["c6b77ea5b0cc07b0e3ac7789ba4293f4"],
    title: "RuntimeError: Could not load order 42",
    culprit: "__main__ in load_order",
    metadata: {
      type: "RuntimeError",
      value: "Could not load order 42",
      filename: "python-app.py",
      function: "load_order",
      in_app_frame_mix: "in-app-only",
    },
    variant: "app",
  },
  "python/fingerprint-default-tenant": {
    hashes: ["94f1206e9f08abc62adf0982d3edbcdf"],
    ...PRICE_PER_ITEM,
    variant: "app",
  },
  "python/key-error": {
    hashes: ["965bd5f611029f5b648e2d8f7a15e37a"],
    title: "KeyError: 'u-1f3a'",
    culprit: "__main__ in find_user",
    metadata: {
      type: "KeyError",
      value: "'u-1f3a'",
      filename: "python-app.py",
      function: "find_user",
      in_app_frame_mix: "in-app-only",
    },
    variant: "app",
  },
  "python/logging-template": {
    hashes: ["97a1311e7fc1531b236ea74ca1705c8f"],
    title: "Order 1001 could not be shipped to bob@example.com",
    culprit: "",
    metadata: {},
    variant: "default",
  },
  "python/message-with-stacktrace": {
    hashes: ["1d8caee953aca79e106a307356390abc"],
    title: "Nightly export took 3812 seconds",
    culprit: "",
    metadata: { in_app_frame_mix: "in-app-only" },
    variant: "app",
  },
  "python/message": {
    hashes: ["badb28783e9e05a110b6cb611c71e94e"],
    title: "Payment 4242 declined for bob@example.com after 350ms",
    culprit: "",
    metadata: {},
    variant: "default",
  },
  "python/recursion": {
    hashes: ["6bf7f381df3b25d9173d0d6304196d5e"],
    title: "RecursionError: Tree deeper than 3 levels",
    culprit: "__main__ in walk",
    metadata: {
      type: "RecursionError",
      value: "Tree deeper than 3 levels",
      filename: "python-app.py",
      function: "walk",
      in_app_frame_mix: "in-app-only",
    },
    variant: "app",
  },
  "python/zero-division-again": {
    hashes: ["e1dcc598172864e9effdeb83929a26b3"],
    ...PRICE_PER_ITEM,
    variant: "app",
  },
  "python/zero-division": {
    hashes: ["e1dcc598172864e9effdeb83929a26b3"],
    ...PRICE_PER_ITEM,
    variant: "app",
  },
  "browser/click-handler": {
    hashes: ["4250a2ab739165ef8a1d8eb766c7dacd"],
    title: "Error: Checkout failed for cart 31",
    culprit: "HTMLButtonElement.<anonymous>(/app.js)",
    metadata: {
      type: "Error",
      value: "Checkout failed for cart 31",
      filename: "/app.js",
      function: "HTMLButtonElement.<anonymous>",
      in_app_frame_mix: "in-app-only",
    },
    variant: "app",
  },
  "browser/message": {
    hashes: ["28ead323ffc380c0cfb4755158163147"],
    title: "Payment 4242 declined for bob@example.com",
    culprit: "",
    metadata: {
      value: "Payment 4242 declined for bob@example.com",
      filename: "/app.js",
      function: "?",
      in_app_frame_mix: "in-app-only",
    },
    variant: "app",
  },
  "browser/plain-object": {
    hashes: ["28ead323ffc380c0cfb4755158163147"],
    title: "Object captured as exception with keys: code, reason",
    culprit: "",
    metadata: {
      value: "Object captured as exception with keys: code, reason",
      filename: "/app.js",
      function: "?",
      in_app_frame_mix: "in-app-only",
    },
    variant: "app",
  },
  "browser/type-error-again": {
    hashes: ["428e5cf49405e78309a8dfbe847232e4"],
    title: "TypeError: Cannot read properties of null (reading 'items')",
    culprit: "renderCart(/app.js)",
    metadata: {
      type: "TypeError",
      value: "Cannot read properties of null (reading 'items')",
      filename: "/app.js",
      function: "renderCart",
      in_app_frame_mix: "in-app-only",
    },
    variant: "app",
  },
  "browser/type-error-other-function": {
    hashes: ["9ab881f5ed6b6021810763292a1d9ff7"],
    title: "TypeError: Cannot read properties of undefined (reading 'toFixed')",
    culprit: "formatPrice(/app.js)",
    metadata: {
      type: "TypeError",
      value: "Cannot read properties of undefined (reading 'toFixed')",
      filename: "/app.js",
      function: "formatPrice",
      in_app_frame_mix: "in-app-only",
    },
    variant: "app",
  },
  "browser/type-error": {
    hashes: ["428e5cf49405e78309a8dfbe847232e4"],
    title: "TypeError: Cannot read properties of undefined (reading 'items')",
    culprit: "renderCart(/app.js)",
    metadata: {
      type: "TypeError",
      value: "Cannot read properties of undefined (reading 'items')",
      filename: "/app.js",
      function: "renderCart",
      in_app_frame_mix: "in-app-only",
    },
    variant: "app",
  },
  "browser/unhandled-rejection": {
    hashes: ["a6e59608e9e7542503043221da90dfec"],
    title: "UnhandledRejection: Non-Error promise rejection captured with value: quota exceeded",
    culprit: "http://127.0.0.1:47611/",
    metadata: {
      type: "UnhandledRejection",
      value: "Non-Error promise rejection captured with value: quota exceeded",
    },
    variant: "app",
  },
};

describe("the grouping of real SDK events", () => {
  it.each(Object.keys(expected))("groups fixtures/%s.json", (name) => {
    expect(groupErrorEvent(fixture(name))).toEqual(expected[name]);
  });
});

describe("what the fixtures show", () => {
  const hashes = (name: string) => groupErrorEvent(fixture(name)).hashes;

  it("groups the same throw site together whatever the message says", () => {
    expect(hashes("node/type-error-other-user")).toEqual(hashes("node/type-error"));
    expect(hashes("python/zero-division-again")).toEqual(hashes("python/zero-division"));
    expect(hashes("browser/type-error-again")).toEqual(hashes("browser/type-error"));
  });

  it("splits throws in another function", () => {
    expect(hashes("node/type-error-other-function")[0]).not.toBe(hashes("node/type-error")[0]);
    expect(hashes("browser/type-error-other-function")[0]).not.toBe(hashes("browser/type-error")[0]);
  });

  it.each([
    {
      does: "hashes an in-app Python stack by module, function and line of code, never the line number",
      name: "python/zero-division",
      frames: [
        ["<module>", "serve(request)"],
        ["serve", 'return checkout(request["cart"])'],
        ["checkout", 'return price_per_item(cart["total"], len(cart["items"]))'],
        ["price_per_item", "return total / count"],
      ],
      type: "ZeroDivisionError",
    },
    {
      does: "counts a recursive call once",
      name: "python/recursion",
      frames: [
        ["<module>", "serve(request)"],
        ["serve", 'return walk(request["depth"])'],
        ["walk", "return walk(depth - 1)"],
        ["walk", 'raise RecursionError("Tree deeper than 3 levels")'],
      ],
      type: "RecursionError",
    },
  ])("$does", ({ name, frames, type }) => {
    // Each frame of the __main__ module counts by its module, function and line of code.
    const values = frames.flatMap((frame) => ["__main__", ...frame]);
    expect(hashes(name)).toEqual([md5(...values, type)]);
  });

  it("hashes browser frames at a URL by function name only, skipping anonymous ones", () => {
    expect(hashes("browser/type-error")).toEqual([md5("main", "scenario", "renderCart", "TypeError")]);
  });

  it("salts the default hashes with the rest of a fingerprint that has {{ default }}", () => {
    const app = [
      ...["node-app", "Sentry.withScope((scope) => {"],
      ...["node-app", "serve(request);"],
      ...["node-app", "serve", 'if (request.route === "profile") return handleRequest(request.user);'],
      ...["node-app", "handleRequest", "return readUserName(user);"],
      ...["node-app", "readUserName", "return user.profile.name;"],
      "TypeError",
    ];
    expect(hashes("node/type-error")[0]).toBe(md5(...app));
    expect(hashes("node/fingerprint-default-tenant")[0]).toBe(md5(...app, "tenant-a"));
  });

  it("hashes a custom fingerprint by its parts alone", () => {
    expect(hashes("node/fingerprint-custom")).toEqual([md5("checkout", "user-profile")]);
  });

  it("groups a log message by its template, titled by the formatted message", () => {
    const grouping = groupErrorEvent(fixture("python/logging-template"));
    expect(grouping.hashes).toEqual([md5("Order %s could not be shipped to %s")]);
    expect(grouping.title).toBe("Order 1001 could not be shipped to bob@example.com");
  });

  it("groups a message that carries the current thread's stack trace by that stack trace", () => {
    const grouping = groupErrorEvent(fixture("python/message-with-stacktrace"));
    const line = 'sentry_sdk.capture_message("Nightly export took 3812 seconds")';
    expect(grouping).toMatchObject({ hashes: [md5("__main__", "<module>", line)], variant: "app" });
  });

  it("groups an AggregateError of one distinct error as that error, which names the issue", () => {
    const grouping = groupErrorEvent(fixture("node/aggregate-error"));
    expect(grouping.title).toBe("RangeError: Card 4242 declined");
    const single = fixture("node/aggregate-error");
    single.exception!.values = single.exception!.values!.slice(1, 2);
    expect(grouping.hashes).toEqual(groupErrorEvent(single).hashes);
  });

  it("groups a message without template by its parameterized text", () => {
    expect(hashes("python/message")).toEqual([md5("Payment <int> declined for <email> after <duration>")]);
  });
});
