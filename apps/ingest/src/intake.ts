import { InvalidPayloadError, MAX_JSON_DEPTH, decodeMessage } from "@sift/schemas";
import type { Clock, DecodedMessage, GroupTypeRegistry } from "@sift/schemas";
import type { MessageOutcome } from "@sift/consumer";

/** Most messages one intake request may carry. */
export const MAX_INTAKE_MESSAGES = 1000;

export interface IntakeError {
  index: number;
  code: string;
  path: string;
  detail: string;
}

export interface ValidatedMessage {
  index: number;
  text: string;
  message: DecodedMessage;
}

/** Validate every message of an intake body exactly as the consumer will; collect every error. */
export function validateIntake(
  body: unknown,
  options: { types: GroupTypeRegistry; clock: Clock; maxAgeDays: number },
): { messages: ValidatedMessage[]; errors: IntakeError[] } {
  const list = Array.isArray(body) ? body : [body];
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
  list.forEach((item, index) => {
    let text: string;
    try {
      text = JSON.stringify(item);
    } catch (error) {
      // JSON.stringify is recursive: a value nested thousands of levels deep (which JSON.parse, being
      // iterative, accepted) overflows the stack. It is far beyond the depth limit anyway.
      if (!(error instanceof RangeError)) throw error;
      errors.push({
        index,
        code: "PAYLOAD_TOO_DEEP",
        path: "",
        detail: `JSON nesting deeper than ${MAX_JSON_DEPTH} levels`,
      });
      return;
    }
    try {
      messages.push({ index, text, message: decodeMessage(text, { types: options.types, bounds }) });
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

/** Per-message results of direct processing. */
export function describeOutcomes(
  messages: readonly ValidatedMessage[],
  outcomes: readonly MessageOutcome[],
): IntakeResult[] {
  return messages.map((m, i) => {
    const o = outcomes[i]!;
    const base = { index: m.index, id: m.message.id, payloadType: m.message.payloadType };
    if (o.kind === "invalid")
      return { ...base, status: "rejected", detail: `${o.error.code}: ${o.error.message}` };
    if (o.result.status === "replayed") return { ...base, status: "duplicate" };
    return { ...base, status: o.result.outcome, issueId: o.result.issueId };
  });
}
