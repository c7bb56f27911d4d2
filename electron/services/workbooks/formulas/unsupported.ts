/**
 * Thrown when a formula cannot be calculated exactly as Excel would: a
 * function not on the allow-list, a circular reference, an array formula, a
 * name that is not a plain reference. The formula is then left for Excel (its
 * saved result removed), and `reason` is what the fill's summary reports.
 */
export class Unsupported extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}
