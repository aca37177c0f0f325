import { applyTransitions } from "@sift/lifecycle";
import type { Transition } from "@sift/lifecycle";
import type { Batch } from "../batch.js";

/** New issues get their first activity and enter the inbox; their assignments are recorded. */
export async function enterInbox(batch: Batch, created: readonly Transition[]): Promise<void> {
  await applyTransitions(batch.trx, created);
}
