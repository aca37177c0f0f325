/** The partitions this member currently owns (for status reporting). */
export class Partitions {
  private owned: number[] = [];

  assign(partitions: readonly number[]): void {
    this.owned = [...partitions].sort((a, b) => a - b);
  }

  list(): readonly number[] {
    return this.owned;
  }
}
