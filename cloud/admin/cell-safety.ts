/**
 * Spreadsheet formula injection (CSV/xlsx injection, OWASP): a text cell starting with = + - @ (or a
 * tab / carriage return before one) runs as a formula when the office opens the export. On export
 * such text gets a leading apostrophe-like quote; on import formula cells are refused outright.
 */
export function escapeCell(value: unknown): unknown {
  if (typeof value !== 'string') return value
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
}
