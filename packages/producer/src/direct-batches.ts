import type { ReceivedMessage } from "@sift/schemas";

/** A message to process directly: decoded by its caller, or text built here for the processor to decode. */
export type DirectInput = { received: ReceivedMessage } | { value: string };

/**
 * The consumer's batch processor, as far as direct processing needs it (the app injects it, so the
 * producer does not depend on the consumer). Decoded messages are processed without decoding them
 * again; text (a message built here) is decoded by the processor.
 */
export interface DirectProcessor<R> {
  processIsolating(messages: readonly DirectInput[]): Promise<R[]>;
}

interface Waiting<R> {
  input: DirectInput;
  resolve: (outcome: R) => void;
  reject: (error: unknown) => void;
}

/**
 * Direct mode's group commit: at most `maxBatches` batches run at once, and the messages that arrive
 * meanwhile wait to be processed together as the next one, so concurrent callers share a transaction
 * instead of each taking a connection. A batch that fails rejects its callers, and only them.
 */
export function createDirectBatches<R>(
  processor: DirectProcessor<R>,
  limits: { maxBatches: number; maxBatchMessages: number },
) {
  let waiting: Waiting<R>[] = [];
  const running = new Set<Promise<void>>();

  function drain(): void {
    while (waiting.length > 0 && running.size < limits.maxBatches) {
      const batch = waiting.slice(0, limits.maxBatchMessages);
      waiting = waiting.slice(limits.maxBatchMessages);
      const task = (async () => {
        try {
          const outcomes = await processor.processIsolating(batch.map((m) => m.input));
          batch.forEach((m, i) => m.resolve(outcomes[i]!));
        } catch (error) {
          for (const m of batch) m.reject(error);
        }
      })();
      running.add(task);
      void task.finally(() => {
        running.delete(task);
        drain();
      });
    }
  }

  return {
    /** The outcomes of `messages`, processed in the next batch to start. */
    async process(messages: readonly DirectInput[]): Promise<R[]> {
      const outcomes = messages.map(
        (input) => new Promise<R>((resolve, reject) => void waiting.push({ input, resolve, reject })),
      );
      drain();
      return Promise.all(outcomes);
    },
    /** Resolves when no batch runs. */
    async settle(): Promise<void> {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
  };
}
