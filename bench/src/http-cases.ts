import { Progress, percentile } from "@sift/testkit";

export interface HttpCase {
  name: string;
  path: string;
}

export interface HttpCaseLatency extends HttpCase {
  p50Ms: number;
  p95Ms: number;
}

/**
 * Each case's GET `requests` times in turn (after 5 warm-ups) against `base` with `headers`, timed
 * until the body is read; any answer but 200 fails the run. `label` prefixes the progress lines.
 */
export async function timeHttpCases(
  label: string,
  base: string,
  headers: Record<string, string>,
  cases: readonly HttpCase[],
  requests: number,
): Promise<HttpCaseLatency[]> {
  const results: HttpCaseLatency[] = [];
  for (const c of cases) {
    const times: number[] = [];
    const progress = new Progress(`${label}: ${c.name}`);
    for (let i = -5; i < requests; i++) {
      const t = performance.now();
      const res = await fetch(`${base}${c.path}`, { headers });
      if (res.status !== 200) throw new Error(`${c.path} answered ${res.status}: ${await res.text()}`);
      await res.arrayBuffer();
      if (i >= 0) times.push(performance.now() - t);
      progress.update(i + 1, requests);
    }
    const result = { ...c, p50Ms: percentile(times, 50), p95Ms: percentile(times, 95) };
    progress.done(`p50 ${result.p50Ms.toFixed(1)} ms p95 ${result.p95Ms.toFixed(1)} ms`);
    results.push(result);
  }
  return results;
}
