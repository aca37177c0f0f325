/** How sessions last and how failed sign-ins are throttled (`buildServer`'s `signIn` option). */
export interface SignInSettings {
  /** A session expires this long after sign-in (default 14 days). */
  sessionTtlMs: number;
  /** Failed sign-ins are counted in windows of this length (default 15 minutes)… */
  throttleWindowMs: number;
  /** …and after this many for one email in a window, that email is refused until it ends (default 5)… */
  maxFailuresPerEmail: number;
  /** …or this many from one client address (default 20). */
  maxFailuresPerAddress: number;
}

export const DEFAULT_SIGN_IN_SETTINGS: SignInSettings = {
  sessionTtlMs: 14 * 24 * 3_600_000,
  throttleWindowMs: 15 * 60_000,
  maxFailuresPerEmail: 5,
  maxFailuresPerAddress: 20,
};
