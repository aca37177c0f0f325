import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Locator, Page } from "playwright-core";
import { MEMBER, startSift } from "./sift.js";
import type { Sift } from "./sift.js";

let sift: Sift;
beforeAll(async () => {
  sift = await startSift("web_settings");
});
afterAll(async () => {
  await sift?.stop();
});

/** Posts one event envelope to the ingest daemon with a DSN's key, as an SDK does; the HTTP status. */
async function sendWithDsn(dsn: string, message: string): Promise<number> {
  const url = new URL(dsn);
  const projectId = url.pathname.replace(/\//g, "");
  const eventId = crypto.randomUUID().replaceAll("-", "");
  const body = `${JSON.stringify({ event_id: eventId })}\n{"type":"event"}\n${JSON.stringify({
    event_id: eventId,
    message,
    level: "error",
    platform: "javascript",
  })}\n`;
  const answer = await fetch(`${sift.ingest.base}/api/${projectId}/envelope/`, {
    method: "POST",
    headers: {
      "x-sentry-auth": `Sentry sentry_key=${url.username}, sentry_version=7, sentry_client=test/1.0`,
    },
    body,
  });
  return answer.status;
}

/** A new page signed in (as the admin unless `user` is given) and opened at `path`. */
async function signedInAt(path: string, user?: { email: string; password: string }): Promise<Page> {
  const page = await sift.newPage();
  await sift.signIn(page, user);
  await page.goto(path);
  return page;
}

/** Fills fields by their labels, in order, then clicks the button that submits them. */
async function submit(scope: Page | Locator, fields: Record<string, string>, button: string): Promise<void> {
  for (const [label, value] of Object.entries(fields)) await scope.getByLabel(label).fill(value);
  await scope.getByRole("button", { name: button }).click();
}

async function expectAccessible(page: Page, name: string): Promise<void> {
  await sift.screenshot(page, name);
  expect(await sift.seriousViolations(page)).toEqual([]);
}

describe("settings", () => {
  it("an admin creates a key, its DSN takes events, and disabling then deleting it refuses them", async () => {
    const page = await sift.newPage();
    await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
    await sift.signIn(page);
    await page.getByRole("link", { name: "Settings" }).click();
    await page.getByRole("heading", { name: "Projects", level: 1 }).waitFor();
    await page.getByRole("link", { name: "web", exact: true }).click();
    await page.getByRole("link", { name: "Client Keys (DSN)" }).click();
    await page.waitForURL(/\/settings\/acme\/projects\/web\/keys\/$/);
    await page.getByText("This project has no keys.").waitFor();
    await submit(page, { "Key label": "Backend <b>" }, "Create key");
    const card = page.getByRole("region", { name: "Backend <b>" });
    const dsn = await card.getByLabel("DSN").inputValue();
    expect(dsn).toMatch(/^http:\/\/[0-9a-f]{32}@127\.0\.0\.1:8001\/1$/);
    await card.getByRole("button", { name: "Copy DSN" }).click();
    await card.getByText("Copied").waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(dsn);
    await expectAccessible(page, "settings-keys");

    expect(await sendWithDsn(dsn, "sent with the new DSN")).toBe(200);
    await card.getByRole("button", { name: "Disable" }).click();
    await card.getByText(/^Disabled/).waitFor();
    expect(await sendWithDsn(dsn, "sent with a disabled DSN")).toBe(403);

    await submit(card, { "Rate limit (events)": "100" }, "Save");
    await card.getByText("at most 100 events per 60 s", { exact: false }).waitFor();

    await card.getByRole("button", { name: "Delete" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Delete key" }).click();
    await page.getByText("This project has no keys.").waitFor();
    expect(await sendWithDsn(dsn, "sent with a deleted DSN")).toBe(401);
    await page.close();
  });

  it("an admin creates a project (and its first team), edits it, and finds its Default key", async () => {
    const page = await signedInAt("/settings/acme/projects/");
    await submit(
      page,
      { "Project name": "Billing Service", "Platform (optional)": "node", "New team name": "Core" },
      "Create project",
    );
    await page.getByRole("status").getByText("Created Billing Service.").waitFor();
    await page.getByRole("row", { name: /Billing Service billing-service node core/ }).waitFor();
    await expectAccessible(page, "settings-projects");

    await page.getByRole("link", { name: "Billing Service" }).first().click();
    await submit(page, { Slug: "billing", Name: "Billing" }, "Save changes");
    await page.waitForURL(/\/settings\/acme\/projects\/billing\/$/);
    await page.getByRole("heading", { name: "Billing", level: 1 }).waitFor();
    await expectAccessible(page, "settings-project");
    const project = await sift.apiJson<{ name: string; platform: string }>("/projects/acme/billing/");
    expect([project.name, project.platform]).toEqual(["Billing", "node"]);
    await page.getByRole("link", { name: "Client Keys (DSN)" }).click();
    await page.getByRole("region", { name: "Default" }).waitFor();
    await page.close();
  });

  it("an admin adds a member, who signs in with the password shown once", async () => {
    const page = await signedInAt("/settings/acme/members/");
    await submit(page, { Email: "nia@acme.test", "Name (optional)": "Nia <script>" }, "Add member");
    const password = await page.getByLabel("Generated password").innerText();
    expect(password).toMatch(/^[A-Za-z0-9_-]{20}$/);
    await page.getByRole("row", { name: /Nia <script> nia@acme\.test/ }).waitFor();
    await expectAccessible(page, "settings-members");

    const other = await signedInAt("/settings/acme/members/", { email: "nia@acme.test", password });
    await other.getByText("Only admins can add or remove members.").waitFor();
    expect(await other.getByRole("button", { name: /^Remove/ }).count()).toBe(0);
    await other.close();

    await page.getByRole("button", { name: "Remove nia@acme.test" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Remove member" }).click();
    await expect.poll(() => page.getByRole("row", { name: /nia@acme\.test/ }).count()).toBe(0);
    await page.close();
  });

  it("an admin creates a token that authenticates API calls until it is revoked", async () => {
    const page = await signedInAt("/settings/acme/auth-tokens/");
    await submit(page, { "Token name": "CI deploys" }, "Create token");
    const token = await page.getByLabel("New token").innerText();
    expect(token).toMatch(/^sntryu_[0-9a-f]{64}$/);
    await page
      .getByRole("row", { name: new RegExp(`CI deploys …${token.slice(-4)} event:read never`) })
      .waitFor();
    await expectAccessible(page, "settings-tokens");

    const call = () =>
      fetch(`${sift.api.base}/api/0/organizations/`, { headers: { authorization: `Bearer ${token}` } });
    const answer = await call();
    expect(answer.status).toBe(200);
    expect(((await answer.json()) as { slug: string }[]).map((o) => o.slug)).toEqual(["acme"]);

    await page.getByRole("button", { name: "Revoke CI deploys" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Revoke token" }).click();
    await expect.poll(() => page.getByRole("row", { name: /CI deploys/ }).count()).toBe(0);
    expect((await call()).status).toBe(401);
    await page.close();
  });

  it("a member sees keys and tokens but no way to delete, create or revoke them", async () => {
    await sift.apiJson("/projects/acme/api/keys/", { method: "POST", body: { name: "Shared" } });
    const page = await signedInAt("/settings/acme/projects/api/keys/", MEMBER);
    const card = page.getByRole("region", { name: "Shared" });
    expect(await card.getByLabel("DSN").inputValue()).toMatch(/^http:\/\/[0-9a-f]{32}@127\.0\.0\.1:8001\/2$/);
    await page.getByText("Only admins can create, change or delete keys.").waitFor();
    expect(await page.getByRole("button", { name: "Delete" }).count()).toBe(0);
    expect(await page.getByRole("button", { name: "Disable" }).count()).toBe(0);
    await expectAccessible(page, "settings-keys-member");

    await page.goto("/settings/acme/auth-tokens/");
    await page.getByText("Only admins can create or revoke tokens.").waitFor();
    expect(await page.getByRole("button", { name: /^Revoke/ }).count()).toBe(0);
    await page.goto("/settings/acme/projects/api/");
    await page.getByText("Only admins can change a project.").waitFor();
    expect(await page.getByRole("button", { name: "Save changes" }).count()).toBe(0);
    // The API decides: the member's session is refused whatever the page shows.
    const status = await page.evaluate(async () => {
      const csrf = /(?:^|; )sift_csrf=([^;]*)/.exec(document.cookie)?.[1] ?? "";
      const answer = await fetch("/api/0/organizations/acme/org-auth-tokens/", {
        method: "POST",
        headers: { "x-csrftoken": decodeURIComponent(csrf), "content-type": "application/json" },
        body: JSON.stringify({ name: "sneaky" }),
      });
      return answer.status;
    });
    expect(status).toBe(403);
    await page.close();
  });
});
