import { exactTime, relativeTime } from "../format.js";

/** A relative time with the exact one on hover (and for assistive technology). */
export function TimeAgo({ iso }: { iso: string | null }) {
  if (!iso) return <span className="muted">—</span>;
  return (
    <time dateTime={iso} title={exactTime(iso)}>
      {relativeTime(iso)}
    </time>
  );
}
