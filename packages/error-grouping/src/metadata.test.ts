import { describe, expect, it } from "vitest";
import { groupErrorEvent } from "./index.js";
import type { ErrorEvent, Frame } from "./index.js";
import { thrownThrough } from "./test/events.js";

const appFrame: Frame = { filename: "/app/cart.js", module: "cart", function: "total", in_app: true };
const libFrame: Frame = {
  filename: "/app/node_modules/lib/x.js",
  module: "lib:x",
  function: "wrap",
  in_app: false,
};

function withException(extra: Partial<ErrorEvent> = {}, value = "items is undefined"): ErrorEvent {
  return { ...thrownThrough("node", [appFrame, libFrame], { type: "TypeError", value }), ...extra };
}

describe("title", () => {
  it("is `Type: first line of the value`", () => {
    expect(groupErrorEvent(withException({}, "items is undefined\n    at total")).title).toBe(
      "TypeError: items is undefined",
    );
  });

  it("cuts the value to 100 characters", () => {
    const title = groupErrorEvent(withException({}, "x".repeat(150))).title;
    expect(title).toBe(`TypeError: ${"x".repeat(97)}...`);
  });

  it("is the type alone when there is no value, and names the last exception of a chain", () => {
    const event: ErrorEvent = {
      exception: { values: [{ type: "KeyError", value: "k" }, { type: "RuntimeError" }] },
    };
    expect(groupErrorEvent(event).title).toBe("RuntimeError");
  });

  it("is the value of a synthetic exception, else its function", () => {
    const synthetic = { mechanism: { synthetic: true }, stacktrace: { frames: [appFrame] } };
    expect(
      groupErrorEvent({ exception: { values: [{ ...synthetic, type: "Error", value: "Object captured" }] } })
        .title,
    ).toBe("Object captured");
    expect(groupErrorEvent({ exception: { values: [{ ...synthetic, type: "SIGSEGV" }] } }).title).toBe(
      "total",
    );
  });

  it("is the formatted message's first line for an event without exception", () => {
    expect(
      groupErrorEvent({ logentry: { message: "User %s left %d carts", params: ["bob", 2] } }).title,
    ).toBe("User bob left 2 carts");
    expect(groupErrorEvent({ logentry: { message: "%(n)s items", params: { n: 3 } } }).title).toBe("3 items");
    expect(groupErrorEvent({ message: "Deploy done\nsecond line" }).title).toBe("Deploy done");
  });
});

describe("culprit", () => {
  it("is the event's own culprit, else its transaction", () => {
    expect(
      groupErrorEvent(withException({ culprit: "app.checkout", transaction: "GET /cart" })).culprit,
    ).toBe("app.checkout");
    expect(groupErrorEvent(withException({ transaction: "GET /cart" })).culprit).toBe("GET /cart");
  });

  it("is the newest in-app frame, written per platform", () => {
    expect(groupErrorEvent(withException()).culprit).toBe("total(cart)");
    const frame = { module: "shop.cart", function: "total", in_app: true };
    const python = thrownThrough("python", [frame], { type: "KeyError" });
    expect(groupErrorEvent(python).culprit).toBe("shop.cart in total");
  });

  it("falls back to the newest frame, then the request's URL; a synthetic exception has none", () => {
    const system = thrownThrough("node", [libFrame], { type: "E" });
    expect(groupErrorEvent(system).culprit).toBe("wrap(lib:x)");
    expect(
      groupErrorEvent({
        exception: { values: [{ type: "E" }] },
        request: { url: "https://shop.example/cart" },
      }).culprit,
    ).toBe("https://shop.example/cart");
    const synthetic = withException();
    synthetic.exception!.values![0]!.mechanism = { synthetic: true };
    expect(groupErrorEvent(synthetic).culprit).toBe("");
  });
});

describe("metadata", () => {
  it("has the main exception's type and value and the crash frame", () => {
    expect(groupErrorEvent(withException()).metadata).toEqual({
      type: "TypeError",
      value: "items is undefined",
      filename: "/app/cart.js",
      function: "total",
      in_app_frame_mix: "mixed",
    });
  });

  it("says whether the frames are in-app only, mixed or system only", () => {
    const mix = (frames: Frame[]) =>
      groupErrorEvent({ exception: { values: [{ type: "E", stacktrace: { frames } }] } }).metadata
        .in_app_frame_mix;
    expect([mix([appFrame]), mix([appFrame, libFrame]), mix([libFrame])]).toEqual([
      "in-app-only",
      "mixed",
      "system-only",
    ]);
  });

  it("has no type for a synthetic exception and defaults a missing type to Error", () => {
    expect(
      groupErrorEvent({ exception: { values: [{ value: "v", mechanism: { synthetic: true } }] } }).metadata,
    ).toEqual({
      value: "v",
    });
    expect(groupErrorEvent({ exception: { values: [{ value: "v" }] } }).metadata).toEqual({
      type: "Error",
      value: "v",
    });
  });
});
