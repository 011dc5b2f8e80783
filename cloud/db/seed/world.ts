import type { Kdb } from '../db'

export interface Unit {
  id: string
  path: string
  name: string
}

/** What the base demo seed made, for the domain seeders (e.g. a checkup campaign for 东湖社区). */
export interface DemoWorld {
  now: Date
  street: Unit
  clusters: Record<string, Unit>
  communities: Record<string, Unit>
  grids: Record<string, Unit>
  departments: Record<string, Unit>
  /** user id by demo login: phone for residents, username for staff, '陈国华' for the elder without a phone */
  users: Record<string, string>
}

/** One domain's demo data, run after the base seed in the same transaction. */
export type DemoSeeder = (tx: Kdb, world: DemoWorld) => Promise<void>

/** Where the demo street lies (GCJ-02) and its communities from west to east. */
export const DEMO_STREET_BOX = { minLat: 31.195, maxLat: 31.215, minLng: 121.43, maxLng: 121.455 }
export const COMMUNITY_ORDER = ['东湖社区', '高安社区', '建新社区', '乌中社区', '永嘉社区']
