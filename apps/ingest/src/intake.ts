import { InvalidPayloadError, receiveParsedMessage } from "@sift/schemas";
import type { Clock, GroupTypeRegistry, ReceivedMessage } from "@sift/schemas";
import type { MessageOutcome } from "@sift/consumer";
import type { ProduceResult } from "@sift/producer";
import { jsonArrayElements } from "./json-array.js";

/** Most messages one intake request may carry. */
export const MAX_INTAKE_MESSAGES = 1000;

export interface IntakeError {
  index: number;
  code: string;
  path: string;
  detail: string;
}

/** An intake body: its text and the value it parsed to (once). */
export interface IntakeBody {
  text: string;
  value: unknown;
}

export interface ValidatedMessage {
  index: number;
  received: ReceivedMessage;
}

/**
 * Validate every message of an intake body exactly as the consumer does, without parsing it again; each
 * message keeps the text it arrived as. Collects every error.
 */
export function validateIntake(
  body: IntakeBody,
  options: { types: GroupTypeRegistry; clock: Clock; maxAgeDays: number },
): { messages: ValidatedMessage[]; errors: IntakeError[] } {
  const list: unknown[] = Array.isArray(body.value) ? body.value : [body.value];
  if (list.length === 0) {
    return {
      messages: [],
      errors: [{ index: 0, code: "INVALID_REQUEST", path: "", detail: "The body is an empty array" }],
    };
  }
  if (list.length > MAX_INTAKE_MESSAGES) {
    return {
      messages: [],
      errors: [
        {
          index: 0,
          code: "INVALID_REQUEST",
          path: "",
          detail: `At most ${MAX_INTAKE_MESSAGES} messages per request; got ${list.length}`,
        },
      ],
    };
  }
  const bounds = {
    now: options.clock.now(),
    maxAgeSeconds: options.maxAgeDays * 86_400,
    maxFutureSeconds: 86_400,
  };
  const messages: ValidatedMessage[] = [];
  const errors: IntakeError[] = [];
  const texts = Array.isArray(body.value) ? jsonArrayElements(body.text) : [body.text];
  list.forEach((value, index) => {
    try {
      const received = receiveParsedMessage(texts[index]!, value, { types: options.types, bounds });
      messages.push({ index, received });
    } catch (error) {
      if (!(error instanceof InvalidPayloadError)) throw error;
      errors.push({ index, code: error.code, path: error.path, detail: error.message });
    }
  });
  return { messages, errors };
}

export interface IntakeResult {
  index: number;
  id: string;
  payloadType: "occurrence" | "status_change";
  status: string;
  issueId?: number | null;
  detail?: string;
}

/** Per-message results: queued for Kafka, or the outcome of direct processing. */
export function describeResults(
  messages: readonly ValidatedMessage[],
  results: readonly ProduceResult<MessageOutcome>[],
): IntakeResult[] {
  return messages.map((m, i) => {
    const r = results[i]!;
    const { id, payloadType } = m.received.message;
    const base = { index: m.index, id, payloadType };
    if (r.mode === "kafka") return { ...base, status: "queued" };
    const o = r.outcome;
    if (o.kind === "invalid")
      return { ...base, status: "rejected", detail: `${o.error.code}: ${o.error.message}` };
    if (o.result.status === "replayed") return { ...base, status: "duplicate" };
    return { ...base, status: o.result.outcome, issueId: o.result.issueId };
  });
}
