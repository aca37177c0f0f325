import { describe, expect, it } from "vitest";
import { fromRow, toRow } from "./row-of.js";

describe("rows of records", () => {
  it("names each field's column in snake_case, and back", () => {
    const record = { id: 1, issueId: 2, dateAdded: new Date(0), releaseId: null };
    const row = toRow(record);
    expect(row).toEqual({ id: 1, issue_id: 2, date_added: new Date(0), release_id: null });
    expect(fromRow<typeof record>(row)).toEqual(record);
  });
});
