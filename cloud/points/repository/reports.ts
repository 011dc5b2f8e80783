import { sql } from 'kysely'
import type { Kdb } from '../../db/db'
import type { TJournalKind } from '../../../types/points'

/** The adjust journals of a community, newest first, with the resident, amount, reason and who did it. */
export async function listAdjustments(db: Kdb, communityId: string, limit: number, cursor: string | undefined) {
  const r = await sql<{ journal_id: string; user_id: string; user_name: string; points: number; reason: string; actor_name: string; created_at: Date }>`
    SELECT j.id AS journal_id, u.id AS user_id, u.name AS user_name, e.amount AS points, j.reason, actor.name AS actor_name, j.created_at
    FROM points_journals j
    JOIN points_entries e ON e.journal_id = j.id
    JOIN points_accounts a ON a.id = e.account_id AND a.kind = 'resident'
    JOIN users u ON u.id = a.user_id
    JOIN users actor ON actor.id = j.actor_id
    WHERE j.community_id = ${communityId} AND j.kind = 'adjust' ${cursor ? sql`AND j.id < ${cursor}` : sql``}
    ORDER BY j.id DESC
    LIMIT ${limit + 1}`.execute(db)
  return r.rows.map((x) => ({ ...x, points: Number(x.points) }))
}

/** Per journal kind in [from, to): journals, points moved (half the absolute entries) and residents' net change. */
export async function ledgerByKind(db: Kdb, communityId: string, from: Date, to: Date) {
  const r = await sql<{ kind: TJournalKind; journals: number; points: number; resident_net: number }>`
    SELECT j.kind, count(DISTINCT j.id)::bigint AS journals, (sum(abs(e.amount)) / 2)::bigint AS points,
           coalesce(sum(e.amount) FILTER (WHERE a.kind = 'resident'), 0)::bigint AS resident_net
    FROM points_journals j
    JOIN points_entries e ON e.journal_id = j.id
    JOIN points_accounts a ON a.id = e.account_id
    WHERE j.community_id = ${communityId} AND j.created_at >= ${from} AND j.created_at < ${to}
    GROUP BY j.kind`.execute(db)
  return r.rows.map((x) => ({ kind: x.kind, journals: Number(x.journals), points: Number(x.points), residentNet: Number(x.resident_net) }))
}

/** Every journal of [from, to) with its resident (if any), for the xlsx export, oldest first. */
export async function ledgerJournals(db: Kdb, communityId: string, from: Date, to: Date) {
  const r = await sql<{
    id: string
    kind: TJournalKind
    memo: string
    reason: string | null
    created_at: Date
    actor_name: string | null
    user_name: string | null
    phone: string | null
    points: number
    resident_net: number
  }>`
    SELECT j.id, j.kind, j.memo, j.reason, j.created_at, actor.name AS actor_name,
           max(u.name) AS user_name, max(u.phone) AS phone,
           (sum(abs(e.amount)) / 2)::bigint AS points,
           coalesce(sum(e.amount) FILTER (WHERE a.kind = 'resident'), 0)::bigint AS resident_net
    FROM points_journals j
    JOIN points_entries e ON e.journal_id = j.id
    JOIN points_accounts a ON a.id = e.account_id
    LEFT JOIN users u ON u.id = a.user_id
    LEFT JOIN users actor ON actor.id = j.actor_id
    WHERE j.community_id = ${communityId} AND j.created_at >= ${from} AND j.created_at < ${to}
    GROUP BY j.id, actor.name
    ORDER BY j.created_at, j.id`.execute(db)
  return r.rows.map((x) => ({ ...x, points: Number(x.points), resident_net: Number(x.resident_net) }))
}
