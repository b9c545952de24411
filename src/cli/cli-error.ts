/** A user-facing failure of a command: printed as one message, exit code non-zero, no stack. */
export class CliError extends Error {
  constructor(message: string, readonly exitCode = 1) {
    super(message);
  }
}
