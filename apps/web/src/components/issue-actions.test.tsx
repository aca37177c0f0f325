import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { actionBody, confirmation, refusal } from "../stream/actions.js";
import type { IssueAction } from "../stream/actions.js";
import { IssueActions } from "./issue-actions.js";

afterEach(cleanup);

function setup(props: Partial<Parameters<typeof IssueActions>[0]> = {}) {
  const chosen: IssueAction[] = [];
  const onAction = vi.fn((a: IssueAction) => chosen.push(a));
  render(<IssueActions onAction={onAction} merge {...props} />);
  return chosen;
}

describe("the action menus", () => {
  it("has the buttons Resolve, Archive, Unresolve, Merge and Delete", () => {
    const chosen = setup();
    for (const name of ["Resolve", "Archive", "Unresolve", "Merge", "Delete"])
      fireEvent.click(screen.getByRole("button", { name }));
    expect(chosen.map((a) => a.kind)).toEqual([
      "resolve",
      "archiveUntilEscalating",
      "unresolve",
      "merge",
      "delete",
    ]);
    expect(actionBody(chosen[1]!)).toEqual({
      status: "ignored",
      substatus: "archived_until_escalating",
      statusDetails: {},
    });
  });

  it("archives until 100 more events in an hour from the archive menu", () => {
    const chosen = setup();
    fireEvent.click(screen.getByRole("button", { name: "More archive options ▾" }));
    fireEvent.click(screen.getByRole("menuitem", { name: "Until 100 more events in an hour" }));
    expect(actionBody(chosen[0]!)).toEqual({
      status: "ignored",
      substatus: "archived_until_condition_met",
      statusDetails: { ignoreCount: 100, ignoreWindow: 60 },
    });
    expect(screen.queryByRole("menu")).toBeNull();
  });

  it("archives until a typed number of users within a typed window", () => {
    const chosen = setup();
    fireEvent.click(screen.getByRole("button", { name: "More archive options ▾" }));
    fireEvent.change(screen.getByLabelText("Until more"), { target: { value: "25" } });
    fireEvent.change(screen.getByLabelText("Of"), { target: { value: "users" } });
    fireEvent.change(screen.getByLabelText("Within minutes"), { target: { value: "90" } });
    fireEvent.click(screen.getByRole("button", { name: "Archive until" }));
    expect(actionBody(chosen[0]!)).toEqual({
      status: "ignored",
      substatus: "archived_until_condition_met",
      statusDetails: { ignoreUserCount: 25, ignoreUserWindow: 90 },
    });
  });

  it("resolves in a typed release, and assigns to me only when signed in as a user", () => {
    const chosen = setup({ me: "user:7" });
    fireEvent.click(screen.getByRole("button", { name: "More resolve options ▾" }));
    fireEvent.change(screen.getByLabelText("Release"), { target: { value: "2.4.0" } });
    fireEvent.click(screen.getByRole("button", { name: "Resolve in release" }));
    fireEvent.click(screen.getByRole("button", { name: "Assign ▾" }));
    fireEvent.click(screen.getByRole("menuitem", { name: "Assign to me" }));
    expect(chosen.map(actionBody)).toEqual([
      { status: "resolved", statusDetails: { inRelease: "2.4.0" } },
      { assignedTo: "user:7" },
    ]);
    cleanup();
    setup({ me: null });
    fireEvent.click(screen.getByRole("button", { name: "Assign ▾" }));
    expect(screen.queryByRole("menuitem", { name: "Assign to me" })).toBeNull();
  });

  it("states how many issues a confirmation is about, and refuses a merge across projects", () => {
    expect(confirmation({ kind: "resolve" }, 3)).toBe("Resolve: 3 issues?");
    expect(confirmation({ kind: "delete" }, 1)).toBe("Delete 1 issue? This cannot be undone.");
    expect(refusal({ kind: "merge" }, ["1", "2"], 2)).toBe("Only issues of one project can be merged");
    expect(refusal({ kind: "merge" }, ["1"], 1)).toBe("Select two or more issues to merge");
    expect(refusal({ kind: "resolve" }, [], 0)).toBe("Select issues first");
    expect(refusal({ kind: "merge" }, ["1", "1"], 2)).toBeNull();
  });
});
