import { describe, expect, it } from "vitest";
import { lookupAssignees, resolveActors } from "./actors.js";
import { addOrganizationMember, createTeam, createUser, createOrganization } from "./index.js";
import { useMigratedDatabase } from "./test/database.js";

const database = useMigratedDatabase();

describe("resolving actors in an organization", () => {
  it("finds members by id, email or username and teams by id or slug, and nobody elsewhere", async () => {
    const t = database();
    const org = await createOrganization(t.db, "acme");
    const other = await createOrganization(t.db, "other");
    const { user: ada } = await createUser(t.db, { email: "Ada@example.com", username: "ada" });
    const { user: stranger } = await createUser(t.db, { email: "stranger@example.com" });
    await addOrganizationMember(t.db, org.id, ada.id);
    await addOrganizationMember(t.db, other.id, stranger.id);
    const backend = await createTeam(t.db, { organizationId: org.id, slug: "backend" });
    const foreign = await createTeam(t.db, { organizationId: other.id, slug: "foreign" });

    const found = await resolveActors(t.db, org.id, [
      `user:${ada.id}`,
      String(ada.id),
      "ADA@example.com",
      "Ada",
      `team:${backend.id}`,
      "#backend",
      `user:${stranger.id}`,
      "stranger@example.com",
      `team:${foreign.id}`,
      "#foreign",
      "#missing",
      "",
    ]);
    const named = Object.fromEntries(
      [...found].map(([actor, ref]) => [
        actor,
        ref.type === "user" ? `user ${ref.user.id}` : `team ${ref.team.id}`,
      ]),
    );
    expect(named).toEqual({
      [`user:${ada.id}`]: `user ${ada.id}`,
      [String(ada.id)]: `user ${ada.id}`,
      "ADA@example.com": `user ${ada.id}`,
      Ada: `user ${ada.id}`,
      [`team:${backend.id}`]: `team ${backend.id}`,
      "#backend": `team ${backend.id}`,
    });

    expect(await lookupAssignees(t.db, org.id, ["#backend", "ada"])).toEqual(
      new Map([
        ["#backend", { userId: null, teamId: backend.id }],
        ["ada", { userId: ada.id, teamId: null }],
      ]),
    );
  });
});
