import type { StatsSeries } from "../api/types.js";

/** A row's trend: bars of the stats buckets, as an SVG (cheap enough for every row of a page). */
export function Sparkline({ series, label }: { series: StatsSeries | undefined; label: string }) {
  if (!series || series.length === 0) return <span className="sparkline muted" aria-hidden="true" />;
  const max = Math.max(1, ...series.map(([, n]) => n));
  const width = 96;
  const height = 24;
  const bar = width / series.length;
  const total = series.reduce((sum, [, n]) => sum + n, 0);
  return (
    <svg
      className="sparkline"
      width={width}
      height={height}
      role="img"
      aria-label={`${label}: ${total} events`}
    >
      {series.map(([t, n], i) => {
        const h = n === 0 ? 1 : Math.max(2, (n / max) * height);
        return (
          <rect
            key={t}
            x={i * bar}
            y={height - h}
            width={Math.max(1, bar - 1)}
            height={h}
            className={n === 0 ? "spark-empty" : "spark-bar"}
          />
        );
      })}
    </svg>
  );
}
