import type { ColumnType } from 'kysely'

/** Column shapes shared by the table types. Timestamps are read as Date, written as Date. */
export type Timestamp = ColumnType<Date, Date | string, Date | string>
/** Has a database default: optional on insert. */
export type CreatedAt = ColumnType<Date, Date | string | undefined, Date | string>
export type Json<T = Record<string, unknown>> = ColumnType<T, string | T, string | T>
