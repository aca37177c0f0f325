import { act, cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { SearchBox } from "./search-box.js";
import { suggest, wordAt } from "./search-suggest.js";

afterEach(cleanup);

const keys = ["is", "level", "browser", "issue.priority"];
const valuesOf = (key: string) =>
  ({ is: ["unresolved", "resolved"], browser: ["Firefox 128", "Chrome"] })[key] ?? [];

function type(input: HTMLElement, text: string) {
  fireEvent.change(input, { target: { value: text, selectionStart: text.length } });
}

describe("the search box", () => {
  it("has the accessible name Search issues and submits the typed query on Enter", () => {
    const onSubmit = vi.fn();
    render(<SearchBox value="is:unresolved" onSubmit={onSubmit} keys={keys} valuesOf={valuesOf} />);
    const input = screen.getByRole("combobox", { name: "Search issues" });
    type(input, "level:error  checkout ");
    fireEvent.keyDown(input, { key: "Enter" });
    expect(onSubmit).toHaveBeenCalledWith("level:error  checkout");
  });

  it("suggests keys for a bare word and completes the chosen one", () => {
    render(<SearchBox value="" onSubmit={() => {}} keys={keys} valuesOf={valuesOf} />);
    const input = screen.getByRole("combobox", { name: "Search issues" });
    fireEvent.focus(input);
    type(input, "le");
    expect(screen.getAllByRole("option").map((o) => o.textContent)).toEqual(["level:"]);
    fireEvent.keyDown(input, { key: "ArrowDown" });
    fireEvent.keyDown(input, { key: "Enter" });
    expect((input as HTMLInputElement).value).toBe("level:");
  });

  it("suggests values after key: and quotes a value with a space", () => {
    const onKeyNeeded = vi.fn();
    render(
      <SearchBox value="" onSubmit={() => {}} keys={keys} valuesOf={valuesOf} onKeyNeeded={onKeyNeeded} />,
    );
    const input = screen.getByRole("combobox", { name: "Search issues" });
    fireEvent.focus(input);
    type(input, "is:unresolved browser:f");
    expect(onKeyNeeded).toHaveBeenLastCalledWith("browser", "f");
    const option = screen.getByRole("option", { name: "Firefox 128" });
    fireEvent.mouseDown(option);
    expect((input as HTMLInputElement).value).toBe('is:unresolved browser:"Firefox 128" ');
  });

  it("shows the API's parse error under the box and keeps what was typed", () => {
    const { rerender } = render(
      <SearchBox value="is:unresolved" onSubmit={() => {}} keys={keys} valuesOf={valuesOf} />,
    );
    const input = screen.getByRole("combobox", { name: "Search issues" });
    type(input, "times_seen:>abc");
    act(() => {
      rerender(
        <SearchBox
          value="is:unresolved"
          onSubmit={() => {}}
          keys={keys}
          valuesOf={valuesOf}
          error="Invalid number for times_seen: abc"
        />,
      );
    });
    expect(screen.getByRole("alert").textContent).toBe("Invalid number for times_seen: abc");
    expect(input.getAttribute("aria-invalid")).toBe("true");
    expect((input as HTMLInputElement).value).toBe("times_seen:>abc");
  });
});

describe("suggest and wordAt", () => {
  it("keeps a quoted value with spaces as one word and keeps a negation", () => {
    expect(wordAt('level:error browser:"Firefox 1', 30)).toEqual({ start: 12, word: 'browser:"Firefox 1' });
    expect(suggest("!lev", keys, valuesOf).map((s) => s.text)).toEqual(["!level:"]);
    expect(suggest("is:re", keys, valuesOf).map((s) => s.text)).toEqual(["is:resolved "]);
    expect(suggest("", keys, valuesOf)).toEqual([]);
  });
});
