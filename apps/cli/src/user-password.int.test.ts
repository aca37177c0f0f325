import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiHarness } from "@sift/api/testing";
import type { ApiHarness } from "@sift/api/testing";
import { runCli } from "./run.js";

// `sift user create … --password-stdin` and `sift user password`, then signing in through the real API.
let h: ApiHarness;

beforeAll(async () => {
  h = await createApiHarness();
});
afterAll(async () => {
  await h?.destroy();
});

async function sift(
  argv: string[],
  stdin?: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const code = await runCli(argv, {
    databaseUrl: "postgres://postgres@127.0.0.1:1/unused",
    db: h.db,
    stdout: (s) => void (stdout += s),
    stderr: (s) => void (stderr += s),
    ...(stdin === undefined ? {} : { readStdin: async () => stdin }),
  });
  return { code, stdout, stderr };
}

const login = (email: string, password: string) =>
  h.app.inject({ method: "POST", url: "/api/0/auth/login/", payload: { email, password } });

describe("sift user create --password-stdin", () => {
  it("creates an admin who can sign in with the password read from stdin (one trailing newline dropped)", async () => {
    const res = await sift(
      [
        "user",
        "create",
        "ann@acme.test",
        "--org",
        "acme",
        "--name",
        "Ann",
        "--role",
        "admin",
        "--password-stdin",
        "--json",
      ],
      "s3cret password\n",
    );
    expect(res.code, res.stderr).toBe(0);
    expect(JSON.parse(res.stdout)).toMatchObject({
      email: "ann@acme.test",
      created: true,
      organization: "acme",
      role: "admin",
      password: true,
    });
    const stored = await h.db("users").where({ email: "ann@acme.test" }).first<{ password_hash: string }>();
    expect(stored.password_hash).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{86}$/);
    expect(stored.password_hash).not.toContain("s3cret");
    const ok = await login("ann@acme.test", "s3cret password");
    expect(ok.statusCode).toBe(200);
    expect(ok.json<{ user: { name: string; session: { role: string } } }>().user).toMatchObject({
      name: "Ann",
      session: { role: "admin" },
    });
    expect((await login("ann@acme.test", "s3cret password\n")).statusCode).toBe(401);
  });

  it("creates a member by default, and refuses a short password or an unknown role", async () => {
    const member = await sift(
      ["user", "create", "bob@acme.test", "--org", "acme", "--password-stdin"],
      "long enough",
    );
    expect(member.code, member.stderr).toBe(0);
    expect(member.stdout).toContain("member of acme, password set");
    const role = await h
      .db("organization_members")
      .join("users", "users.id", "organization_members.user_id")
      .where("users.email", "bob@acme.test")
      .first<{ role: string }>("role");
    expect(role.role).toBe("member");
    const short = await sift(
      ["user", "create", "cy@acme.test", "--org", "acme", "--password-stdin"],
      "short\n",
    );
    expect(short.code).toBe(1);
    expect(short.stderr).toContain("the password must be 8–1024 characters");
    expect(await h.db("users").where({ email: "cy@acme.test" }).first()).toBeUndefined();
    const badRole = await sift(["user", "create", "cy@acme.test", "--org", "acme", "--role", "owner"]);
    expect(badRole.code).toBe(2);
    expect(badRole.stderr).toContain('invalid --role "owner": use member or admin');
  });
});

describe("sift user password", () => {
  it("sets a new password and signs the user out of every session", async () => {
    await sift(["user", "create", "dee@acme.test", "--org", "acme", "--password-stdin"], "first password");
    const first = await login("dee@acme.test", "first password");
    expect(first.statusCode).toBe(200);
    const cookie = String([first.headers["set-cookie"]].flat()[0]).split(";")[0]!;
    const me = () => h.app.inject({ method: "GET", url: "/api/0/auth/", headers: { cookie } });
    expect((await me()).statusCode).toBe(200);

    const res = await sift(["user", "password", "dee@acme.test", "--password-stdin"], "second password\r\n");
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toBe("Password of dee@acme.test set; 1 session(s) signed out\n");
    expect((await me()).statusCode).toBe(401);
    expect((await login("dee@acme.test", "first password")).statusCode).toBe(401);
    expect((await login("dee@acme.test", "second password")).statusCode).toBe(200);
  });

  it("needs --password-stdin and an existing user", async () => {
    const missing = await sift(["user", "password", "dee@acme.test"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("--password-stdin is required");
    const unknown = await sift(["user", "password", "nobody@acme.test", "--password-stdin"], "whatever123");
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('user "nobody@acme.test" does not exist');
  });
});
