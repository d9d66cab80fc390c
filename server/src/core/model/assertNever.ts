/** Ends an exhaustive switch: the compiler proves it unreachable, and at run time it says what slipped through. */
export function assertNever(value: never): never {
  throw new Error(`unexpected value: ${JSON.stringify(value)}`);
}
