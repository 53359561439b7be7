// What the program and every command share; it imports nothing, so `--help` stays light.

export const DEFAULT_INPUT = "seeds";

/** A mistake of the user's (a bad option, a missing folder): its message is printed, without a stack. */
export class UserError extends Error {}
