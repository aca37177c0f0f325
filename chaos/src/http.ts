/** A small HTTP client for the scenarios: every answer with its status, text and time. */
export interface Answer {
  status: number;
  text: string;
  ms: number;
  headers: Headers | null;
  /** Set when no answer came (connection refused, timeout). */
  error?: string;
}

export interface RequestOptions {
  token?: string | null;
  /** A raw Authorization header (overrides `token`). */
  authorization?: string;
  body?: unknown;
  timeoutMs?: number;
}

export async function request(method: string, url: string, options: RequestOptions = {}): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (options.authorization !== undefined) headers.authorization = options.authorization;
  else if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined;
  if (options.body !== undefined) {
    headers["content-type"] = "application/json";
    body = typeof options.body === "string" ? options.body : JSON.stringify(options.body);
  }
  const started = performance.now();
  try {
    const response = await fetch(url, {
      method,
      headers,
      body,
      signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
    });
    const text = await response.text();
    return { status: response.status, text, ms: performance.now() - started, headers: response.headers };
  } catch (error) {
    return {
      status: 0,
      text: "",
      ms: performance.now() - started,
      headers: null,
      error: (error as Error).message,
    };
  }
}

export function json(answer: Answer): unknown {
  try {
    return JSON.parse(answer.text) as unknown;
  } catch {
    return null;
  }
}

/** Runs `work` over `items` with at most `limit` at a time. */
export async function pool<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}
