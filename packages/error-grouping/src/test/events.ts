import type { ErrorEvent, ExceptionValue, Frame } from "../index.js";

/** An event of `platform` with one exception thrown through `frames` (oldest first). */
export function thrownThrough(
  platform: string,
  frames: Frame[],
  exception: Omit<ExceptionValue, "stacktrace"> = { type: "Error", value: "boom" },
): ErrorEvent {
  return { platform, exception: { values: [{ ...exception, stacktrace: { frames } }] } };
}
