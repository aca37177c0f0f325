import { GroupInboxReason } from "@sift/schemas";
import { addToInbox, recordStatusActivities } from "@sift/storage";
import type { StatusActivityInput } from "@sift/storage";
import type { Batch, NewIssue } from "../batch.js";

/** New issues enter the inbox; their assignments are recorded. */
export async function enterInbox(
  batch: Batch,
  newIssues: readonly NewIssue[],
  assignments: readonly StatusActivityInput[],
): Promise<void> {
  await addToInbox(
    batch.trx,
    newIssues.map((i) => ({
      organizationId: i.items[0]!.ctx.project.organizationId,
      projectId: i.projectId,
      issueId: i.id,
      reason: GroupInboxReason.NEW,
      dateAdded: batch.now,
    })),
  );
  await recordStatusActivities(batch.trx, assignments);
}
