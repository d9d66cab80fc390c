// @ts-check
/**
 * The few statistics the benchmark reports: medians of repeated runs and percentiles of edit
 * latencies. Percentiles use the nearest-rank method, so p95 of 40 samples is the 38th smallest:
 * a value that was actually measured, never an interpolation.
 */

/**
 * The middle value of `values` (the mean of the two middle ones for an even count).
 * @param {readonly number[]} values
 * @returns {number}
 */
export function median(values) {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * The nearest-rank percentile `p` (0–100) of `values`.
 * @param {readonly number[]} values
 * @param {number} p
 * @returns {number}
 */
export function percentile(values, p) {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}

/**
 * `value` rounded to `digits` decimals, for printing and for results.json.
 * @param {number} value
 * @param {number} digits
 * @returns {number}
 */
export function round(value, digits) {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
