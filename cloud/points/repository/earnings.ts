import { sql } from 'kysely'
import type { Kdb } from '../../db/db'

/** The idempotency key of an earn. Returns null when this (source, rule) was already recorded. */
export async function insertEarning(
  tx: Kdb,
  e: {
    id: string
    communityId: string
    userId: string
    ruleId: string
    sourceType: 'report' | 'event' | 'application' | 'timebank' | 'seed'
    sourceId: string
    status: 'pending' | 'capped'
    note: string
    now: Date
  },
): Promise<string | null> {
  const row = await tx
    .insertInto('points_earnings')
    .values({
      id: e.id,
      community_id: e.communityId,
      user_id: e.userId,
      rule_id: e.ruleId,
      source_type: e.sourceType,
      source_id: e.sourceId,
      status: e.status,
      points: 0,
      note: e.note,
      created_at: e.now,
    })
    .onConflict((oc) => oc.constraint('points_earnings_source').doNothing())
    .returning('id')
    .executeTakeFirst()
  return row?.id ?? null
}

export async function findEarningBySource(db: Kdb, sourceType: string, sourceId: string, ruleId: string) {
  return earningsQuery(db)
    .where('e.source_type', '=', sourceType as 'report')
    .where('e.source_id', '=', sourceId)
    .where('e.rule_id', '=', ruleId)
    .executeTakeFirst()
}

function earningsQuery(db: Kdb) {
  return db
    .selectFrom('points_earnings as e')
    .innerJoin('points_rules as r', 'r.id', 'e.rule_id')
    .innerJoin('users as u', 'u.id', 'e.user_id')
    .innerJoin('org_units as c', 'c.id', 'e.community_id')
    .select([
      'e.id',
      'e.community_id',
      'e.user_id',
      'e.rule_id',
      'e.status',
      'e.points',
      'e.note',
      'e.reason',
      'e.created_at',
      'e.source_type',
      'r.name as rule_name',
      'u.name as user_name',
      'c.path as community_path',
    ])
}

export type EarningRow = NonNullable<Awaited<ReturnType<ReturnType<typeof earningsQuery>['executeTakeFirst']>>>

export async function findEarning(db: Kdb, id: string) {
  return earningsQuery(db).where('e.id', '=', id).executeTakeFirst()
}

export async function listEarnings(db: Kdb, communityId: string, status: string, limit: number, cursor: string | undefined) {
  let q = earningsQuery(db)
    .where('e.community_id', '=', communityId)
    .where('e.status', '=', status as 'pending')
  if (cursor) q = q.where('e.id', '<', cursor)
  return q
    .orderBy('e.id', 'desc')
    .limit(limit + 1)
    .execute()
}

export async function settleEarning(
  tx: Kdb,
  id: string,
  values: { status: 'credited' | 'capped' | 'rejected'; points: number; reason: string | null; journalId: string | null; decidedBy?: string | null; now: Date },
  fromStatus: 'pending' | 'capped',
): Promise<boolean> {
  const r = await tx
    .updateTable('points_earnings')
    .set({ status: values.status, points: values.points, reason: values.reason, journal_id: values.journalId, decided_by: values.decidedBy ?? null, decided_at: values.decidedBy ? values.now : null })
    .where('id', '=', id)
    .where('status', '=', fromStatus)
    .executeTakeFirst()
  return Number(r.numUpdatedRows) === 1
}

/**
 * Caps: the counters of this person × rule for the day and the month are locked (upserted) first,
 * then raised by what is granted — all inside the caller's transaction, so two concurrent credits
 * cannot both slip under a cap. Returns the points that fit.
 */
export async function takeFromCaps(tx: Kdb, c: { userId: string; ruleId: string; want: number; caps: { period: string; cap: number }[] }): Promise<{ grant: number; limitedBy: string[] }> {
  if (c.caps.length === 0) return { grant: c.want, limitedBy: [] }
  const rows = await sql<{ period: string; points: number }>`
    INSERT INTO points_cap_counters (user_id, rule_id, period, points)
    SELECT ${c.userId}, ${c.ruleId}, p, 0 FROM unnest(${c.caps.map((x) => x.period)}::text[]) AS p ORDER BY p
    ON CONFLICT (user_id, rule_id, period) DO UPDATE SET points = points_cap_counters.points
    RETURNING period, points`.execute(tx)
  let grant = c.want
  const limitedBy: string[] = []
  for (const cap of c.caps) {
    const left = Math.max(0, cap.cap - (rows.rows.find((r) => r.period === cap.period)?.points ?? 0))
    if (left < c.want) limitedBy.push(cap.period)
    grant = Math.min(grant, left)
  }
  if (grant > 0) {
    await tx
      .updateTable('points_cap_counters')
      .set((eb) => ({ points: eb('points', '+', grant) }))
      .where('user_id', '=', c.userId)
      .where('rule_id', '=', c.ruleId)
      .where(
        'period',
        'in',
        c.caps.map((x) => x.period),
      )
      .execute()
  }
  return { grant, limitedBy }
}

/** Staff claim a pending application before crediting it: of two approving at once, one gets it. */
export async function claimEarning(tx: Kdb, id: string, by: string): Promise<boolean> {
  const r = await tx.updateTable('points_earnings').set({ decided_by: by }).where('id', '=', id).where('status', '=', 'pending').where('decided_by', 'is', null).executeTakeFirst()
  return Number(r.numUpdatedRows) === 1
}
