// What the program and every command share; it imports nothing, so `--help` stays light.

export const DEFAULT_INPUT = "seeds";

/** A mistake of the user's (a bad option, a missing folder), or something in the way the user can
 *  move (a busy port): its message is printed, without a stack, and the command exits with
 *  `exitCode` (2, bad usage, unless told). */
export class UserError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
  }
}
