import { getUsersByIds } from "@sift/storage";
import type { ActivityRecord, Db, User } from "@sift/storage";

/** The users who wrote activities (a signed-in user's notes and changes), in one statement. */
export function activityUsers(
  db: Db,
  activities: readonly Pick<ActivityRecord, "userId">[],
): Promise<Map<number, User>> {
  return getUsersByIds(
    db,
    activities.flatMap((a) => (a.userId === null ? [] : [a.userId])),
  );
}
