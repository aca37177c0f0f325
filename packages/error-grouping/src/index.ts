export { groupErrorEvent } from "./group.js";
export type { ErrorEvent, ErrorGrouping, ExceptionValue, Frame, Stacktrace } from "./event.js";
