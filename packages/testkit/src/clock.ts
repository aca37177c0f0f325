/** A clock that tests move by hand (structurally a `Clock` of @sift/schemas). */
export interface MutableClock {
  now(): Date;
  set(value: string | Date): void;
  advance(ms: number): void;
}

export function mutableClock(start: string | Date): MutableClock {
  let current = new Date(start);
  return {
    now: () => new Date(current),
    set: (value) => void (current = new Date(value)),
    advance: (ms) => void (current = new Date(current.getTime() + ms)),
  };
}
