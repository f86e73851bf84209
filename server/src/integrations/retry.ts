/**
 * When a failed delivery is tried again: about 5 s, 30 s, 2 min, 10 min, 30 min, 1 h, 2 h, 4 h,
 * then every 8 h, for 24 hours after the event; all in units of the first delay
 * (`WEBHOOK_FIRST_RETRY_MS`, default 5 s), so tests can run the whole schedule quickly.
 */
const STEPS = [1, 6, 24, 120, 360, 720, 1440, 2880, 5760]

/** 24 hours in units of the default first delay (5 s). */
const GIVE_UP_STEPS = 17_280

export interface RetryPolicy {
  firstRetryMs: number
}

/** How long after the `attempts`-th failed attempt (1, 2, …) the next one is made. */
export function retryDelay(policy: RetryPolicy, attempts: number): number {
  const step = STEPS[Math.min(attempts, STEPS.length) - 1] ?? 1
  return step * policy.firstRetryMs
}

/** How long a delivery is tried, and a subscription may fail before it is disabled (24 h). */
export function giveUpAfter(policy: RetryPolicy): number {
  return GIVE_UP_STEPS * policy.firstRetryMs
}
