export { groupErrorEvent } from "./group.js";
export type {
  ErrorEvent,
  ErrorEventMetadata,
  ErrorGrouping,
  ExceptionValue,
  Frame,
  GroupingVariant,
  LogEntry,
  Mechanism,
  Stacktrace,
  Thread,
} from "./event.js";
