// `pnpm sift <command>`: the admin CLI. Parsing (parse.ts) and execution (run.ts) are testable without
// spawning; this entry only wires the environment and the process streams.
import { loadEnv } from "./env.js";
import { runCli } from "./run.js";

let env: ReturnType<typeof loadEnv>;
try {
  env = loadEnv();
} catch (error) {
  process.stderr.write(`sift: ${(error as Error).message}\n`);
  process.exit(2);
}

const code = await runCli(process.argv.slice(2), {
  databaseUrl: env.DATABASE_URL,
  env: { apiUrl: env.SIFT_URL, token: env.SIFT_TOKEN, ingestUrl: env.SIFT_INGEST_PUBLIC_URL },
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  readStdin: async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString("utf8");
  },
});
process.exitCode = code;
