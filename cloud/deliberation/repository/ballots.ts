import { sql } from 'kysely'
import type { Kdb } from '../../db/db'
import type { Tally } from '../vote-rules'

/**
 * Ballots. vote_participation says who voted (one row per elector: the primary key makes online and
 * paper, two devices and two members of a household exclude each other); a secret vote's choices
 * go to vote_choices, which has no voter, no time and a random id.
 */

export async function insertParticipation(
  tx: Kdb,
  p: { voteId: string; electorKey: string; voterId: string; channel: 'online' | 'paper'; enteredBy: string | null; choices: number[] | null; receiptHash: string | null; now: Date },
): Promise<boolean> {
  const r = await tx
    .insertInto('vote_participation')
    .values({
      vote_id: p.voteId,
      elector_key: p.electorKey,
      voter_id: p.voterId,
      channel: p.channel,
      entered_by: p.enteredBy,
      id_checked: p.channel === 'paper',
      choices: p.choices,
      receipt_hash: p.receiptHash,
      created_at: p.now,
      updated_at: p.now,
    })
    .onConflict((oc) => oc.columns(['vote_id', 'elector_key']).doNothing())
    .returning('voter_id')
    .execute()
  return r.length > 0
}

export async function participationOf(db: Kdb, voteId: string, electorKey: string) {
  return db
    .selectFrom('vote_participation as p')
    .innerJoin('users as u', 'u.id', 'p.voter_id')
    .select(['p.voter_id', 'p.channel', 'p.choices', 'u.name as voter_name'])
    .where('p.vote_id', '=', voteId)
    .where('p.elector_key', '=', electorKey)
    .executeTakeFirst()
}

export async function insertSecretChoices(tx: Kdb, c: { voteId: string; receiptHash: string; choices: number[]; floorArea: string | null }): Promise<void> {
  await tx.insertInto('vote_choices').values({ vote_id: c.voteId, receipt_hash: c.receiptHash, choices: c.choices, floor_area: c.floorArea }).execute()
}

/** A secret ballot changed by its receipt: false when no ballot of this vote has that receipt. */
export async function replaceSecretChoices(tx: Kdb, voteId: string, receiptHash: string, choices: number[]): Promise<boolean> {
  const r = await tx.updateTable('vote_choices').set({ choices }).where('vote_id', '=', voteId).where('receipt_hash', '=', receiptHash).returning('vote_id').execute()
  return r.length > 0
}

/** An open ballot changed by its own voter (online only: a paper ballot stays as entered). */
export async function replaceOpenChoices(tx: Kdb, voteId: string, electorKey: string, voterId: string, choices: number[], receiptHash: string, now: Date): Promise<boolean> {
  const r = await tx
    .updateTable('vote_participation')
    .set({ choices, receipt_hash: receiptHash, updated_at: now })
    .where('vote_id', '=', voteId)
    .where('elector_key', '=', electorKey)
    .where('voter_id', '=', voterId)
    .where('channel', '=', 'online')
    .returning('vote_id')
    .execute()
  return r.length > 0
}

export async function choicesByReceipt(db: Kdb, voteId: string, receiptHash: string): Promise<number[] | null> {
  const secret = await db.selectFrom('vote_choices').select('choices').where('vote_id', '=', voteId).where('receipt_hash', '=', receiptHash).executeTakeFirst()
  if (secret) return secret.choices
  const open = await db.selectFrom('vote_participation').select('choices').where('vote_id', '=', voteId).where('receipt_hash', '=', receiptHash).executeTakeFirst()
  return open?.choices ?? null
}

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v))

/**
 * The count, from the ballots themselves every time (no stored counter to drift): electors and
 * their areas, who voted by channel, and each option's votes and area (secret choices carry the
 * house's area; open ones take it from the electorate).
 */
export async function tally(db: Kdb, voteId: string, options: { label: string; cost: number | null }[]): Promise<Tally & { paper: number; online: number }> {
  const electors = await sql<{ eligible: number; area: string | null; missing: number }>`
    SELECT count(*)::int AS eligible, sum(a)::text AS area, count(*) FILTER (WHERE a IS NULL)::int AS missing
    FROM (SELECT elector_key, max(floor_area) AS a FROM vote_electors WHERE vote_id = ${voteId} GROUP BY elector_key) e`.execute(db)
  const turnout = await sql<{ online: number; paper: number; area: string | null; missing: number }>`
    SELECT count(*) FILTER (WHERE p.channel = 'online')::int AS online, count(*) FILTER (WHERE p.channel = 'paper')::int AS paper,
           sum(e.a)::text AS area, count(*) FILTER (WHERE e.a IS NULL)::int AS missing
    FROM vote_participation p
    LEFT JOIN (SELECT elector_key, max(floor_area) AS a FROM vote_electors WHERE vote_id = ${voteId} GROUP BY elector_key) e ON e.elector_key = p.elector_key
    WHERE p.vote_id = ${voteId}`.execute(db)
  const perOption = await sql<{ option: number; votes: number; area: string | null; missing: number }>`
    SELECT c.option, count(*)::int AS votes, sum(c.area)::text AS area, count(*) FILTER (WHERE c.area IS NULL)::int AS missing
    FROM (
      SELECT unnest(choices) AS option, floor_area AS area FROM vote_choices WHERE vote_id = ${voteId}
      UNION ALL
      SELECT unnest(p.choices), e.a FROM vote_participation p
      LEFT JOIN (SELECT elector_key, max(floor_area) AS a FROM vote_electors WHERE vote_id = ${voteId} GROUP BY elector_key) e ON e.elector_key = p.elector_key
      WHERE p.vote_id = ${voteId} AND p.choices IS NOT NULL
    ) c GROUP BY c.option`.execute(db)
  const el = electors.rows[0]
  const to = turnout.rows[0]
  const areaKnown = el.eligible > 0 && el.missing === 0
  const byOption = new Map(perOption.rows.map((r) => [r.option, r]))
  return {
    eligible: el.eligible,
    ballots: to.online + to.paper,
    online: to.online,
    paper: to.paper,
    eligibleArea: areaKnown ? num(el.area) : null,
    ballotArea: areaKnown ? (num(to.area) ?? 0) : null,
    options: options.map((o, i) => {
      const r = byOption.get(i)
      return { label: o.label, cost: o.cost, votes: r?.votes ?? 0, area: areaKnown ? (r ? num(r.area) : 0) : null }
    }),
  }
}
