/** Bad arguments: the message goes to stderr with the usage, and the exit code is 2. */
export class CliUsageError extends Error {
  constructor(
    message: string,
    readonly help: string,
  ) {
    super(message);
    this.name = "CliUsageError";
  }
}

/** A command that ran into a state it cannot handle (unknown organization, duplicate slug…): exit 1. */
export class CliFailure extends Error {
  override name = "CliFailure";
}
