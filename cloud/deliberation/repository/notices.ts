import { sql } from 'kysely'
import type { Kdb } from '../../db/db'

/**
 * One in-app notice to many people in one statement (a vote's whole electorate can be thousands):
 * the same row notify() writes, without an outbox row per person (no outside channel for 公示).
 */
export async function notifyMany(tx: Kdb, now: Date, userIds: string[], n: { kind: string; title: string; body: string; link: string }): Promise<void> {
  const unique = [...new Set(userIds)]
  if (unique.length === 0) return
  await sql`
    INSERT INTO notices (id, user_id, kind, title, body, link, created_at)
    SELECT gen_random_uuid(), u, ${n.kind}, ${n.title}, ${n.body}, ${n.link}, ${now} FROM unnest(${unique}::uuid[]) AS u`.execute(tx)
}
