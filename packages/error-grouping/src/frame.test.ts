import { describe, expect, it } from "vitest";
import { md5Hex } from "./component.js";
import { groupErrorEvent } from "./index.js";
import type { Frame } from "./index.js";
import { thrownThrough } from "./test/events.js";

/** The hashes of an exception of `type` thrown through these frames (oldest first). */
function hashesOf(platform: string, frames: Frame[], type = "Error"): string[] {
  return groupErrorEvent(thrownThrough(platform, frames, { type, value: "boom" })).hashes;
}

const inApp = (frame: Frame): Frame => ({ in_app: true, ...frame });

describe("a frame", () => {
  it("counts its module rather than its file", () => {
    expect(
      hashesOf("python", [inApp({ module: "shop.cart", filename: "shop/cart.py", function: "total" })]),
    ).toEqual([md5Hex(["shop.cart", "total", "Error"])]);
  });

  it("counts its file's basename, lower-cased, when it has no module", () => {
    expect(hashesOf("java", [inApp({ filename: "src\\Shop\\Cart.JAVA", function: "total" })])).toEqual([
      md5Hex(["cart.java", "total", "Error"]),
    ]);
  });

  it("does not count a file at a URL", () => {
    const frame = inApp({ abs_path: "https://shop.example.com/static/app.3f2a.js", function: "checkout" });
    expect(hashesOf("javascript", [frame])).toEqual([md5Hex(["checkout", "Error"])]);
    expect(
      hashesOf("javascript", [inApp({ filename: "https://shop.example.com/app.js", function: "checkout" })]),
    ).toEqual([md5Hex(["checkout", "Error"])]);
  });

  it("keeps only the part of a JavaScript function name after the last dot", () => {
    const frame = inApp({ filename: "/app/cart.js", function: "CartView.prototype.render" });
    expect(hashesOf("node", [frame])).toEqual(["20cea492d61717d41ae04cf406b4b0e4"]);
    expect(md5Hex(["cart.js", "render", "Error"])).toBe("20cea492d61717d41ae04cf406b4b0e4");
  });

  it("ignores anonymous JavaScript functions and low-quality frames", () => {
    const named = inApp({ filename: "/app/cart.js", function: "render" });
    const frames = [
      inApp({ filename: "/app/cart.js", function: "Array.<anonymous>" }),
      inApp({ filename: "/app/cart.js", function: "?" }),
      inApp({ abs_path: "[native code]", filename: "[native code]", function: "forEach" }),
      inApp({ filename: "/app/cart.js", function: "eval" }),
      named,
    ];
    // The anonymous frames keep their file name; the native and eval frames count not at all.
    expect(hashesOf("javascript", frames)).toEqual([
      md5Hex(["cart.js", "cart.js", "cart.js", "render", "Error"]),
    ]);
  });

  it("counts the line of code for Node, Python, PHP and Ruby, whitespace collapsed, never for Java", () => {
    const frame = inApp({ module: "cart", function: "total", context_line: "\t  return  items.length;  " });
    expect(hashesOf("node", [frame])).toEqual([md5Hex(["cart", "total", "return items.length;", "Error"])]);
    expect(hashesOf("java", [frame])).toEqual([md5Hex(["cart", "total", "Error"])]);
  });

  it("does not count a line of code longer than 120 characters", () => {
    const frame = inApp({ module: "cart", function: "total", context_line: `x = ${"1".repeat(117)}` });
    expect(hashesOf("python", [frame])).toEqual([md5Hex(["cart", "total", "Error"])]);
  });

  it("replaces Java's generated class names and ignores a lambda's class", () => {
    const java = (module: string, filename = "Foo.java") =>
      hashesOf("java", [inApp({ module, filename, function: "call" })]);
    expect(java("com.example.Foo$$EnhancerBySpringCGLIB$$1a2b3c4d")).toEqual([
      md5Hex(["com.example.Foo$$EnhancerBySpringCGLIB$$<auto>", "call", "Error"]),
    ]);
    expect(java("sun.reflect.GeneratedMethodAccessor123")).toEqual([
      md5Hex(["sun.reflect.GeneratedMethodAccessor", "call", "Error"]),
    ]);
    expect(java("myapp.core$fn__12345")).toEqual([md5Hex(["myapp.core$fn__<auto>", "call", "Error"])]);
    expect(java("com.example.Foo$$Lambda$12/0x0000", "Foo.java")).toEqual([
      md5Hex(["foo.java", "call", "Error"]),
    ]);
    expect(java("", "EntriesResource_$$_javassist_seam_74.java")).toEqual([
      md5Hex(["entriesresource_$$_javassist<auto>.java", "call", "Error"]),
    ]);
  });

  it("never counts line or column numbers", () => {
    const at = (lineno: number, colno: number) => [
      inApp({ module: "cart", function: "total", lineno, colno }),
    ];
    expect(hashesOf("node", at(10, 5))).toEqual(hashesOf("node", at(99, 1)));
  });

  it("counts a run of identical frames (recursion) once", () => {
    const call = inApp({ module: "tree", function: "walk", lineno: 4 });
    const throwing = inApp({ module: "tree", function: "walk", lineno: 2 });
    expect(hashesOf("python", [call, call, call, throwing])).toEqual(hashesOf("python", [call, throwing]));
    expect(hashesOf("python", [call, throwing])).toEqual([md5Hex(["tree", "walk", "tree", "walk", "Error"])]);
  });
});

describe("a stack trace", () => {
  it("does not count when nothing of its frames is left, so the exception's value counts", () => {
    const frames = [inApp({ abs_path: "https://shop.example.com/app.js", function: "?" })];
    const event = thrownThrough("javascript", frames, { type: "TypeError", value: "x is 42" });
    expect(groupErrorEvent(event).hashes).toEqual([md5Hex(["TypeError", "x is <int>"])]);
  });

  const system = { module: "node:internal/process", function: "processTicksAndRejections", in_app: false };
  const app = { module: "cart", function: "total", in_app: true };

  it("groups by its in-app frames first (app), then by all its frames (system)", () => {
    expect(hashesOf("node", [system, app])).toEqual([
      md5Hex(["cart", "total", "Error"]),
      md5Hex(["node:internal/process", "processTicksAndRejections", "cart", "total", "Error"]),
    ]);
    const grouping = groupErrorEvent(thrownThrough("node", [system, app], { type: "Error" }));
    expect(grouping.variant).toBe("app");
  });

  it("groups by all its frames when none is in-app", () => {
    const grouping = groupErrorEvent(thrownThrough("node", [system]));
    expect(grouping).toMatchObject({
      hashes: [md5Hex(["node:internal/process", "processTicksAndRejections", "Error"])],
      variant: "system",
    });
  });

  it("has one hash when every frame is in-app", () => {
    expect(hashesOf("node", [app])).toEqual([md5Hex(["cart", "total", "Error"])]);
  });
});
