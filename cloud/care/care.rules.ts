/**
 * The rules' numbers in one place: community defaults (care_rule_defaults overrides them per
 * community, an enrolment per elder) and the limits that decide what a reading is worth.
 */
export const CARE_DEFAULTS = {
  /** no water for this long while awake → no_use */
  noUseHours: 12,
  /** every hour of a run this long used ≥ flowLitres → flow (a tap left running, a fall in the shower) */
  flowHours: 2,
  flowLitres: 30,
  /** one quiet-hours hour above max(quietLitres, 3 × the usual for that hour) → quiet */
  quietLitres: 15,
  /** no reading at all for this long → device (staff only) */
  silentHours: 6,
  /** quiet hours, Shanghai clock: 23:00–05:00 */
  quietStart: 23,
  quietEnd: 5,
} as const

/** A reading that implies more than this is a meter fault, not a person (a burst pipe aside). */
export const MAX_LITRES_PER_HOUR = 2000
/** Litres in an hour that count as "used water" (a meter's creep and rounding stay below). */
export const USE_FLOOR_LITRES = 1
/** Data older than this means the meter, not the person, is silent: only the device rule speaks. */
export const FRESH_HOURS = 2
/** The morning rule: usually first water before 8:00 (first-use hour ≤ 7), checked from 10:00. */
export const MORNING_USUAL_BY_HOUR = 8
export const MORNING_CHECK_HOUR = 10
/** A baseline needs this many days of the last 14 before the morning rule trusts it. */
export const BASELINE_MIN_DAYS = 7
export const BASELINE_DAYS = 14

/** Escalation ladder (minutes after the alert was raised). */
export const ESCALATE_TO_COMMUNITY_MIN = 30
export const ESCALATE_TO_CLUSTER_MIN = 120

/** Raw readings are kept this long; the hourly rollup a year. */
export const RAW_RETENTION_DAYS = 30
export const HOURLY_RETENTION_DAYS = 400
/** After consent is withdrawn, stored readings are deleted after this grace period. */
export const PURGE_GRACE_DAYS = 7

/** A false alarm widens that elder's threshold by this much (capped by the column CHECKs). */
export const WIDEN = { noUseHours: 3, flowLitres: 20, quietLitres: 15, silentHours: 3 } as const
