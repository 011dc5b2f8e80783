import { sql } from 'kysely'
import type { Kdb } from '../../db/db'
import type { TRosterEntry } from '../../../types/checkups'
import { toRosterEntry } from '../checkups.mappers'

/** The roster (名单) staff print and call from: a campaign's bookings with the elder and the family to call. */

function rosterQuery(db: Kdb, campaignId: string) {
  return db
    .selectFrom('checkup_bookings as b')
    .innerJoin('checkup_sessions as s', 's.id', 'b.session_id')
    .innerJoin('users as e', 'e.id', 'b.elder_id')
    .select([
      'b.id',
      'b.elder_id',
      'b.status',
      'b.channel',
      'b.checked_in_at',
      's.id as session_id',
      's.starts_at',
      's.ends_at',
      's.place',
      'e.name',
      'e.phone',
      'e.birth_date',
      'e.id_number_masked',
      'e.address',
    ])
    .select((eb) =>
      eb
        .selectFrom('family_links as l')
        .innerJoin('users as m', 'm.id', 'l.member_id')
        .select(sql<{ name: string; phone: string | null }[]>`coalesce(json_agg(json_build_object('name', m.name, 'phone', m.phone) ORDER BY m.name), '[]'::json)`.as('j'))
        .whereRef('l.elder_id', '=', 'b.elder_id')
        .where('l.status', '=', 'active')
        .as('family'),
    )
    .where('b.campaign_id', '=', campaignId)
}
export type RosterRow = Awaited<ReturnType<ReturnType<typeof rosterQuery>['executeTakeFirstOrThrow']>>

export async function roster(db: Kdb, filter: { campaignId: string; from?: Date; to?: Date; statuses?: TRosterEntry['status'][] }, now: Date): Promise<TRosterEntry[]> {
  let q = rosterQuery(db, filter.campaignId)
  if (filter.from) q = q.where('s.starts_at', '>=', filter.from)
  if (filter.to) q = q.where('s.starts_at', '<', filter.to)
  q = filter.statuses ? q.where('b.status', 'in', filter.statuses) : q.where('b.status', '<>', 'cancelled')
  const rows = await q.orderBy('s.starts_at').orderBy('e.name').limit(5000).execute()
  return rows.map((r) => toRosterEntry(r, now))
}
