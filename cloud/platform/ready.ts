import { sql } from 'kysely'
import type { Kdb } from '../db/db'
import type { Storage } from './storage'

/**
 * Readiness (GET /api/v1/ready): the database answers and the photo store is reachable. A load
 * balancer sends no traffic to an instance that is not ready; /api/v1/health stays liveness only.
 */
export async function checkReady(deps: { db: { kysely: Kdb }; storage: Storage }): Promise<{ ok: boolean; checks: Record<string, 'ok' | string> }> {
  const checks: Record<string, 'ok' | string> = {}
  try {
    await sql`SELECT 1`.execute(deps.db.kysely)
    checks.database = 'ok'
  } catch (error) {
    checks.database = String((error as Error).message ?? error).slice(0, 200)
  }
  try {
    const ping = (deps.storage as Storage & { ping?: () => Promise<void> }).ping
    if (ping) await ping.call(deps.storage)
    else await deps.storage.has('ready-check')
    checks.storage = 'ok'
  } catch (error) {
    checks.storage = String((error as Error).message ?? error).slice(0, 200)
  }
  return { ok: Object.values(checks).every((v) => v === 'ok'), checks }
}
