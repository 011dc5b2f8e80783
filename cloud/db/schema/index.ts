/**
 * Kysely's view of the tables in cloud/db/migrations, one file per domain. `DB` is every table;
 * the table types are re-exported under their own names so `from '../db/schema'` finds them.
 * A migration that adds or changes a table updates its domain's file here.
 */
import type { AccountsTables } from './accounts'
import type { CareTables } from './care'
import type { CheckupsTables } from './checkups'
import type { DashboardTables } from './dashboard'
import type { DeliberationTables } from './deliberation'
import type { FamilyTables } from './family'
import type { OrgTables } from './org'
import type { PlatformTables } from './platform'
import type { PointsTables } from './points'
import type { ReportsTables } from './reports'
import type { ResourcesTables } from './resources'
import type { TimebankTables } from './timebank'

export type * from './accounts'
export type * from './care'
export type * from './checkups'
export type * from './columns'
export type * from './dashboard'
export type * from './deliberation'
export type * from './family'
export type * from './org'
export type * from './platform'
export type * from './points'
export type * from './reports'
export type * from './resources'
export type * from './timebank'

export interface DB
  extends OrgTables, AccountsTables, FamilyTables, PlatformTables, ReportsTables, PointsTables, CheckupsTables, TimebankTables, DashboardTables, CareTables, ResourcesTables, DeliberationTables {}
