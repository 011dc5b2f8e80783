import type { Kdb } from '../db/db'
import { seedDemoStreet } from '../db/seed/demo'
import type { DemoSeeder } from '../db/seed/world'
import { applyCommunityDefaults, applyStreetDefaults } from '../admin/street-defaults'
import { seedBoundaries } from '../org/boundaries.seed'
import { seedPoints } from '../points/points.seed'
import { seedReports } from '../reports/reports.seed'
import { seedCheckups } from '../checkups/checkups.seed'
import { seedTimebank } from '../timebank/timebank.seed'
import { seedDashboard } from '../dashboard/dashboard.seed'
import { seedCare } from '../care'
import { seedResources } from '../resources'
import { seedDeliberation } from '../deliberation/deliberation.seed'

/**
 * The non-demo part of a street: categories, default rules, checkup and time bank defaults (the
 * same a real street gets from `npm run admin -- create-street`); 积分 rules in 东湖社区.
 */
const streetDefaults: DemoSeeder = async (tx, world) => {
  await applyStreetDefaults(tx, world.street.id, null, world.now)
  await applyCommunityDefaults(tx, world.communities['东湖社区'].id, world.street.id, world.users['staff01'], world.now)
}

/**
 * What runs after the base seed, in this order and in its transaction. Each domain adds one line
 * here (its `<domain>.seed.ts`) so `npm start` shows its demo data; the seeders import only the
 * world type (cloud/db/seed/world.ts), never this list.
 */
export const DEMO_SEEDERS: readonly DemoSeeder[] = [streetDefaults, seedReports, seedBoundaries, seedPoints, seedCheckups, seedTimebank, seedDashboard, seedCare, seedResources, seedDeliberation]

/** Seeds the demo street on an empty database. Returns false (and does nothing) if any org exists. */
export function seedDemo(db: Kdb, now: Date, idPepper: string): Promise<boolean> {
  return seedDemoStreet(db, now, idPepper, DEMO_SEEDERS)
}
