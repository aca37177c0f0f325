import { useEffect, useRef, useState } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import type { StatsSeries } from "../api/types.js";

export interface ReleaseMarker {
  version: string;
  /** Unix seconds. */
  at: number;
}

function cssVar(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || "#7a5df0";
}

/** Vertical lines at the releases' times, labelled with their versions. */
function releasePlugin(markers: readonly ReleaseMarker[]): uPlot.Plugin {
  return {
    hooks: {
      draw: (u) => {
        const ctx = u.ctx;
        ctx.save();
        ctx.strokeStyle = cssVar("--muted");
        ctx.fillStyle = cssVar("--muted");
        ctx.setLineDash([4, 3]);
        ctx.font = `${11 * devicePixelRatio}px system-ui`;
        for (const marker of markers) {
          const x = u.valToPos(marker.at, "x", true);
          if (x < u.bbox.left || x > u.bbox.left + u.bbox.width) continue;
          ctx.beginPath();
          ctx.moveTo(x, u.bbox.top);
          ctx.lineTo(x, u.bbox.top + u.bbox.height);
          ctx.stroke();
          ctx.fillText(marker.version, x + 3, u.bbox.top + 12 * devicePixelRatio);
        }
        ctx.restore();
      },
    },
  };
}

/** The events over time (uPlot bars), 24 hours hourly or 30 days daily, with release markers. */
export function EventsChart({
  stats,
  releases,
}: {
  stats: { "24h": StatsSeries; "30d": StatsSeries };
  releases: readonly ReleaseMarker[];
}) {
  const [period, setPeriod] = useState<"24h" | "30d">("24h");
  const box = useRef<HTMLDivElement>(null);
  const series = stats[period];
  const total = series.reduce((sum, [, n]) => sum + n, 0);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const data: uPlot.AlignedData = [series.map(([t]) => t), series.map(([, n]) => n)];
    const plot = new uPlot(
      {
        width: Math.max(320, el.clientWidth),
        height: 160,
        legend: { show: false },
        cursor: { y: false },
        plugins: [releasePlugin(releases)],
        scales: { x: { time: true } },
        axes: [
          { stroke: cssVar("--muted"), grid: { show: false } },
          { stroke: cssVar("--muted"), grid: { stroke: cssVar("--line") }, size: 40 },
        ],
        series: [
          {},
          {
            label: "Events",
            fill: cssVar("--bar"),
            stroke: cssVar("--bar"),
            paths: uPlot.paths.bars!({ size: [0.8, 40] }),
            points: { show: false },
          },
        ],
      },
      data,
      el,
    );
    return () => plot.destroy();
  }, [series, releases]);
  return (
    <section aria-labelledby="chart-title">
      <div className="row">
        <h2 id="chart-title">Events</h2>
        <label>
          Period{" "}
          <select value={period} onChange={(e) => setPeriod(e.target.value === "30d" ? "30d" : "24h")}>
            <option value="24h">24 hours</option>
            <option value="30d">30 days</option>
          </select>
        </label>
      </div>
      <div ref={box} className="chart" role="img" aria-label={`${total} events in the last ${period}`} />
    </section>
  );
}
