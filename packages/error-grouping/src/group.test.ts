import { describe, expect, it } from "vitest";
import { md5Hex } from "./component.js";
import { groupErrorEvent } from "./index.js";
import type { ErrorEvent, ExceptionValue, Stacktrace } from "./index.js";
import { thrownThrough } from "./test/events.js";

const stack: Stacktrace = { frames: [{ module: "billing", function: "charge", in_app: true }] };
const otherStack: Stacktrace = { frames: [{ module: "threads", function: "run", in_app: true }] };
const typeError: ExceptionValue = { type: "TypeError", value: "x is undefined", stacktrace: stack };

describe("custom fingerprints", () => {
  it("hash a fingerprint without {{ default }} by its parts alone", () => {
    const grouping = groupErrorEvent({
      exception: { values: [typeError] },
      fingerprint: ["payments", "declined"],
    });
    expect(grouping).toMatchObject({
      hashes: ["411331f09fe4afb5c903e61c1b7d4f23"],
      variant: "custom_fingerprint",
    });
    expect(md5Hex(["payments", "declined"])).toBe(grouping.hashes[0]);
  });

  it("expand {{ default }} to the default grouping's values", () => {
    const grouping = groupErrorEvent({
      exception: { values: [typeError] },
      fingerprint: ["{{ default }}", "tenant-a"],
    });
    expect(grouping.hashes).toEqual([md5Hex(["billing", "charge", "TypeError", "tenant-a"])]);
    expect(
      groupErrorEvent({ exception: { values: [typeError] }, fingerprint: ["{{default}}"] }).hashes,
    ).toEqual(groupErrorEvent({ exception: { values: [typeError] } }).hashes);
  });

  it("fall back to the hash of nothing when the default grouping has nothing to count", () => {
    expect(groupErrorEvent({ fingerprint: ["{{ default }}", "tenant-a"] })).toMatchObject({
      hashes: ["d41d8cd98f00b204e9800998ecf8427e"],
      variant: "fallback",
    });
  });

  it("resolve variables from the event, with a placeholder when it lacks them", () => {
    const event: ErrorEvent = { exception: { values: [typeError] }, transaction: "/checkout" };
    expect(groupErrorEvent({ ...event, fingerprint: ["{{ transaction }}", "{{ type }}"] }).hashes).toEqual([
      md5Hex(["/checkout", "TypeError"]),
    ]);
    expect(groupErrorEvent({ ...event, fingerprint: ["{{ function }}", "{{ logger }}"] }).hashes).toEqual([
      md5Hex(["charge", "{{ logger }}"]),
    ]);
    expect(groupErrorEvent({ message: "hi", fingerprint: ["{{ transaction }}"] }).hashes).toEqual([
      md5Hex(["<no-transaction>"]),
    ]);
  });
});

describe("precedence", () => {
  it("groups by the exception before threads, a stack trace or the message", () => {
    const event: ErrorEvent = {
      exception: { values: [typeError] },
      threads: { values: [{ crashed: true, stacktrace: otherStack }] },
      stacktrace: otherStack,
      message: "ignored",
    };
    expect(groupErrorEvent(event).hashes).toEqual([md5Hex(["billing", "charge", "TypeError"])]);
  });

  it("groups by the crashed thread, else the current one, else the only one", () => {
    const threads = [{ stacktrace: stack }, { crashed: true, stacktrace: otherStack }];
    expect(groupErrorEvent({ threads: { values: threads }, message: "m" }).hashes).toEqual([
      md5Hex(["threads", "run"]),
    ]);
    const current = [{ current: true, stacktrace: stack }, { stacktrace: otherStack }];
    expect(groupErrorEvent({ threads: { values: current } }).hashes).toEqual([md5Hex(["billing", "charge"])]);
    // Two threads and no crashed or current one: the threads do not decide, the message does.
    const both = [{ stacktrace: stack }, { stacktrace: otherStack }];
    expect(groupErrorEvent({ threads: { values: both }, message: "m" })).toMatchObject({
      hashes: [md5Hex(["m"])],
      variant: "default",
    });
  });

  it("groups by a stack trace outside any exception before the message", () => {
    expect(groupErrorEvent({ stacktrace: stack, message: "Job 7 failed" }).hashes).toEqual([
      md5Hex(["billing", "charge"]),
    ]);
  });

  it("falls back to the hash of nothing when nothing contributes", () => {
    expect(groupErrorEvent({ platform: "node" })).toMatchObject({
      hashes: ["d41d8cd98f00b204e9800998ecf8427e"],
      variant: "fallback",
      title: "<unlabeled event>",
    });
  });
});

describe("an exception", () => {
  it("groups by its type and parameterized value when no stack trace contributes", () => {
    const grouping = groupErrorEvent({
      exception: {
        values: [{ type: "ConnectionError", value: "connect to 10.0.0.7:5432 failed\nretry 3\nmore" }],
      },
    });
    expect(grouping.hashes).toEqual([
      md5Hex(["ConnectionError", "connect to <ip>:<int> failed\nretry <int>..."]),
    ]);
  });

  it("leaves its value out when a stack trace contributes", () => {
    const other = { ...typeError, value: "y is undefined" };
    expect(groupErrorEvent({ exception: { values: [other] } }).hashes).toEqual(
      groupErrorEvent({ exception: { values: [typeError] } }).hashes,
    );
  });

  it("leaves its type out when the SDK made it up (mechanism.synthetic)", () => {
    const synthetic = {
      type: "Error",
      value: "Object captured as exception",
      mechanism: { synthetic: true },
    };
    expect(groupErrorEvent({ exception: { values: [synthetic] } }).hashes).toEqual([
      md5Hex(["Object captured as exception"]),
    ]);
  });

  it("groups a chain by every exception in it, cause first", () => {
    const cause: ExceptionValue = { type: "SyntaxError", value: "bad json", stacktrace: otherStack };
    expect(groupErrorEvent({ exception: { values: [cause, typeError] } }).hashes).toEqual([
      md5Hex(["threads", "run", "SyntaxError", "billing", "charge", "TypeError"]),
    ]);
  });
});

describe("a message", () => {
  it("groups by its template, whatever the parameters", () => {
    const first = groupErrorEvent({ logentry: { message: "User %s failed", params: ["bob"] } });
    const second = groupErrorEvent({ logentry: { message: "User %s failed", params: ["eve"] } });
    expect(first.hashes).toEqual(["ae37c460c70737af18a751c7cbbd5c76"]);
    expect(first.hashes).toEqual([md5Hex(["User %s failed"])]);
    expect(second.hashes).toEqual(first.hashes);
    expect([first.title, second.title]).toEqual(["User bob failed", "User eve failed"]);
  });

  it("groups a message without template by its parameterized text", () => {
    const a = groupErrorEvent({ message: "Job 4242 for bob@example.com took 350ms" });
    const b = groupErrorEvent({ logentry: { formatted: "Job 77 for eve@example.org took 2s" } });
    expect(a.hashes).toEqual([md5Hex(["Job <int> for <email> took <duration>"])]);
    expect(b.hashes).toEqual(a.hashes);
  });
});

describe("what SDKs send at times", () => {
  it("skips null frames, exceptions and threads", () => {
    const event = {
      exception: { values: [null, { type: "TypeError", stacktrace: { frames: [null, ...stack.frames!] } }] },
      threads: { values: [null] },
    } as unknown as ErrorEvent;
    expect(groupErrorEvent(event).hashes).toEqual([md5Hex(["billing", "charge", "TypeError"])]);
  });

  it("does not change the event it is given", () => {
    const frame = { filename: "https://a.example/app.js", function: "f", in_app: true };
    const event = thrownThrough("javascript", [frame], { type: "E" });
    const copy = structuredClone(event);
    expect(groupErrorEvent(event).culprit).toBe("f(/app.js)");
    expect(event).toEqual(copy);
  });
});
