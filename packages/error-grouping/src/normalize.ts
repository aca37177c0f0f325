import type { ErrorEvent, Frame, Stacktrace } from "./event.js";

const URL_PATH = /^(?:https?|applewebdata|file):/;

/** The path of a URL (`/app.js`), or undefined when the text is no URL or its path is empty. */
function urlPath(path: string): string | undefined {
  if (!URL_PATH.test(path)) return undefined;
  try {
    const { pathname } = new URL(path);
    return pathname && pathname !== "/" ? pathname : undefined;
  } catch {
    return undefined;
  }
}

/**
 * What Relay does to a frame's paths before grouping: a frame with only a `filename` gets it as its
 * `abs_path` too, and when that path is a URL the `filename` becomes the URL's path (`/app.js`), so
 * titles and culprits show the file, not the whole address. Idempotent: a frame that has both is
 * left as it is.
 */
function normalizeFrame(frame: Frame): Frame {
  if (frame.abs_path && frame.filename) return frame;
  const absPath = frame.abs_path || frame.filename;
  if (!absPath) return frame;
  return { ...frame, abs_path: absPath, filename: urlPath(absPath) ?? absPath };
}

/** The entries of a list that are objects: SDKs send `null` for a frame or an exception at times. */
function present<T extends object>(
  list: readonly (T | null | undefined)[] | null | undefined,
): T[] | undefined {
  return list ? list.filter((item): item is T => item !== null && typeof item === "object") : undefined;
}

function normalizeStacktrace(stacktrace: Stacktrace | null | undefined): Stacktrace | undefined {
  if (!stacktrace) return undefined;
  return { ...stacktrace, frames: present(stacktrace.frames)?.map(normalizeFrame) };
}

/**
 * The event with its frames' paths normalized as Relay does, and `null` frames, exceptions and
 * threads left out; the input is not changed.
 */
export function normalizeFramePaths(event: ErrorEvent): ErrorEvent {
  return {
    ...event,
    stacktrace: normalizeStacktrace(event.stacktrace),
    exception: event.exception && {
      ...event.exception,
      values: present(event.exception.values)?.map((e) => ({
        ...e,
        stacktrace: normalizeStacktrace(e.stacktrace),
      })),
    },
    threads: event.threads && {
      ...event.threads,
      values: present(event.threads.values)?.map((t) => ({
        ...t,
        stacktrace: normalizeStacktrace(t.stacktrace),
      })),
    },
  };
}
