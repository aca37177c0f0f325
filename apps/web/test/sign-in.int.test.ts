import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiToken, createOrganization, createProject } from "@sift/storage";
import type { Issue } from "../src/api/types.js";
import { occurrence } from "./occurrence.js";
import { ADMIN, MEMBER, startSift } from "./sift.js";
import type { Sift } from "./sift.js";

let sift: Sift;
let otherIssueId: string;
beforeAll(async () => {
  sift = await startSift("web_sign_in");
  await sift.ingestOccurrences([{ fingerprint: "s1", title: "Session issue one" }]);
  const other = await createOrganization(sift.db, "globex");
  await createProject(sift.db, { organizationId: other.id, slug: "shop", id: 50 });
  const { token } = await createApiToken(sift.db, {
    organizationId: other.id,
    scopes: ["event:write", "event:read"],
  });
  const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
  const body = JSON.stringify([occurrence({ projectId: 50, fingerprint: "g1", title: "Globex secret" })]);
  const posted = await fetch(`${sift.ingest.base}/api/0/organizations/globex/occurrences/`, {
    method: "POST",
    headers,
    body,
  });
  expect(posted.status).toBe(202);
  const listed = await fetch(`${sift.api.base}/api/0/organizations/globex/issues/?query=`, { headers });
  otherIssueId = ((await listed.json()) as Issue[])[0]!.id;
});
afterAll(async () => {
  await sift?.stop();
});

async function issueId(title: string): Promise<string> {
  const list = await sift.apiJson<Issue[]>("/organizations/acme/issues/?query=");
  return list.find((i) => i.title === title)!.id;
}

describe("signing in to the web UI", () => {
  it("sends a visitor to the login page, refuses a wrong password, then signs in to where they were going", async () => {
    const page = await sift.newPage();
    await page.goto("/organizations/acme/issues/?query=is%3Aunresolved%20level%3Aerror");
    await page.waitForURL(/\/auth\/login\/\?next=/);
    await page.getByLabel("Email").fill(ADMIN.email);
    await page.getByLabel("Password").fill("not the password");
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.getByRole("alert").waitFor();
    expect(await page.getByLabel("Email").inputValue()).toBe(ADMIN.email);
    await sift.screenshot(page, "login-error");
    await page.getByLabel("Password").fill(ADMIN.password);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.waitForURL(/\/organizations\/acme\/issues\/\?query=is%3Aunresolved/);
    await page.getByRole("row", { name: /Session issue one/ }).waitFor();
    const cookies = await page.context().cookies();
    const session = cookies.find((c) => c.name === "sift_session")!;
    expect([session.httpOnly, session.sameSite]).toEqual([true, "Lax"]);
    expect(cookies.find((c) => c.name === "sift_csrf")!.httpOnly).toBe(false);
    await page.close();
  });

  it("assigns an issue to the signed-in user with Assign to me", async () => {
    const page = await sift.newPage();
    await sift.signIn(page);
    await page
      .getByRole("row", { name: /Session issue one/ })
      .getByRole("checkbox")
      .check();
    await page.getByRole("button", { name: "Assign ▾" }).click();
    await page.getByRole("menuitem", { name: "Assign to me" }).click();
    await page
      .getByRole("dialog")
      .getByRole("button", { name: /^Confirm/ })
      .click();
    const id = await issueId("Session issue one");
    await expect
      .poll(async () => (await sift.apiJson<Issue>(`/organizations/acme/issues/${id}/`)).assignedTo?.email)
      .toBe(ADMIN.email);
    await page.close();
  });

  it("does not let a member delete: the button is disabled and the API refuses the session", async () => {
    const page = await sift.newPage();
    await sift.signIn(page, MEMBER);
    await page
      .getByRole("row", { name: /Session issue one/ })
      .getByRole("checkbox")
      .check();
    const remove = page.locator(".bulk").getByRole("button", { name: "Delete" });
    expect(await remove.isDisabled()).toBe(true);
    expect(await remove.getAttribute("title")).toBe("Only admins can delete issues");
    const id = await issueId("Session issue one");
    const status = await page.evaluate(async (issue) => {
      const csrf = /(?:^|; )sift_csrf=([^;]*)/.exec(document.cookie)?.[1] ?? "";
      const answer = await fetch(`/api/0/organizations/acme/issues/?id=${issue}`, {
        method: "DELETE",
        headers: { "x-csrftoken": decodeURIComponent(csrf) },
      });
      return answer.status;
    }, id);
    expect(status).toBe(403);
    expect((await sift.apiJson<Issue>(`/organizations/acme/issues/${id}/`)).status).toBe("unresolved");
    await page.close();
  });

  it("answers another organization's issue with not found, as the API does", async () => {
    const page = await sift.newPage();
    await sift.signIn(page);
    await page.goto(`/organizations/acme/issues/${otherIssueId}/`);
    await page.getByRole("heading", { name: "Issue not found" }).waitFor();
    expect(await page.getByText("Globex secret").count()).toBe(0);
    await page.goto(`/organizations/globex/issues/`);
    await page.getByRole("alert").waitFor();
    expect(await page.getByText("Globex secret").count()).toBe(0);
    await page.close();
  });

  it("signs out: the session is revoked and the stream asks to sign in again", async () => {
    const page = await sift.newPage();
    await sift.signIn(page);
    const cookie = (await page.context().cookies()).find((c) => c.name === "sift_session")!;
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(/\/auth\/login\//);
    const answer = await fetch(`${sift.api.base}/api/0/organizations/acme/issues/`, {
      headers: { cookie: `sift_session=${cookie.value}` },
    });
    expect(answer.status).toBe(401);
    await page.goto("/organizations/acme/issues/");
    await page.waitForURL(/\/auth\/login\//);
    await page.close();
  });

  it("still signs in with an API token", async () => {
    const page = await sift.newPage();
    await sift.signInWithToken(page);
    await page.getByRole("row", { name: /Session issue one/ }).waitFor();
    await page.close();
  });
});
