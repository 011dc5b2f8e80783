import { ERROR_CODES, type TErrorCode } from '../../types/errors'
import type { TErrorBody } from '../../types/common'

/** The one error a use case throws. HTTP status and 中文 message come from types/errors.ts. */
export class AppError extends Error {
  readonly status: number
  constructor(
    readonly code: TErrorCode,
    readonly details?: Record<string, unknown>,
    message?: string,
  ) {
    super(message ?? ERROR_CODES[code][1])
    this.status = ERROR_CODES[code][0]
  }

  toBody(): TErrorBody {
    return { error: { code: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) } }
  }
}

/** PostgreSQL error codes a user's input can trigger; anything else is our bug (500). */
export function fromDatabaseError(error: unknown): AppError | null {
  const code = (error as { code?: unknown } | null)?.code
  switch (code) {
    case '23505': // unique_violation
      return new AppError('CONFLICT', { constraint: (error as { constraint?: string }).constraint })
    case '23514': // check_violation
    case '23P01': // exclusion_violation
      return new AppError('RULE_REFUSED', { constraint: (error as { constraint?: string }).constraint })
    case '22P02': // invalid_text_representation (e.g. a malformed uuid)
    case '22021': // character_not_in_repertoire (U+0000 in text)
    case '22007': // invalid_datetime_format
    case '22008': // datetime_field_overflow
      return new AppError('INVALID_INPUT')
    default:
      return null
  }
}

export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const e = error as { code?: string; constraint?: string } | null
  return e?.code === '23505' && (!constraint || e.constraint === constraint)
}
