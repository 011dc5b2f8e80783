import { sql } from 'kysely'
import type { Kdb } from '../../db/db'

/** Activities of social organisations, their sign-ins, and the street office's overview. */

export async function insertActivity(
  tx: Kdb,
  a: { id: string; organisationId: string; title: string; description: string; place: string; startsAt: Date; endsAt: Date; bookingId: string | null; createdBy: string; now: Date },
) {
  await tx
    .insertInto('organisation_activities')
    .values({
      id: a.id,
      organisation_id: a.organisationId,
      title: a.title,
      description: a.description,
      place: a.place,
      starts_at: a.startsAt,
      ends_at: a.endsAt,
      booking_id: a.bookingId,
      created_by: a.createdBy,
      created_at: a.now,
    })
    .execute()
}

function activities(db: Kdb, userId: string) {
  return db
    .selectFrom('organisation_activities as a')
    .innerJoin('organisations as o', 'o.id', 'a.organisation_id')
    .select(['a.id', 'a.organisation_id', 'o.name as organisation_name', 'o.host_community_id', 'o.status as organisation_status', 'a.title', 'a.description', 'a.place', 'a.starts_at', 'a.ends_at'])
    .select((eb) => [
      eb
        .selectFrom('organisation_attendance as t')
        .select(sql<number>`count(*)::int`.as('n'))
        .whereRef('t.activity_id', '=', 'a.id')
        .as('attendees'),
      eb.exists(eb.selectFrom('organisation_attendance as t').select('t.user_id').whereRef('t.activity_id', '=', 'a.id').where('t.user_id', '=', userId)).as('signed_in'),
    ])
}
export type ActivityRow = NonNullable<Awaited<ReturnType<typeof findActivity>>>

export async function findActivity(db: Kdb, id: string, userId: string) {
  return activities(db, userId).where('a.id', '=', id).executeTakeFirst()
}

export async function listActivities(db: Kdb, organisationId: string, userId: string) {
  return activities(db, userId).where('a.organisation_id', '=', organisationId).orderBy('a.starts_at', 'desc').limit(100).execute()
}

/** One sign-in per person and activity: false when it was already there. */
export async function insertAttendance(tx: Kdb, activityId: string, userId: string, now: Date): Promise<boolean> {
  const r = await tx
    .insertInto('organisation_attendance')
    .values({ activity_id: activityId, user_id: userId, checked_in_at: now })
    .onConflict((oc) => oc.doNothing())
    .returning('user_id')
    .execute()
  return r.length > 0
}

/** A booking the organisation holds (approved or pending), to link an activity to its room. */
export async function findOrganisationBooking(db: Kdb, bookingId: string, organisationId: string) {
  return db
    .selectFrom('resource_bookings as b')
    .innerJoin('resources as r', 'r.id', 'b.resource_id')
    .select(['b.id', 'b.starts_at', 'b.ends_at', 'r.name', 'r.address'])
    .where('b.id', '=', bookingId)
    .where('b.organisation_id', '=', organisationId)
    .where('b.status', 'in', ['pending', 'approved', 'checked_in'])
    .executeTakeFirst()
}

/**
 * Per organisation under a path, in [from, to): activities held, sign-ins, hours served (each
 * sign-in counts the activity's length) and resources booked in its name (not refused/cancelled).
 */
export async function organisationOverview(db: Kdb, path: string, from: Date, to: Date) {
  return db
    .selectFrom('organisations as o')
    .innerJoin('org_units as c', 'c.id', 'o.host_community_id')
    .select(['o.id', 'o.name', 'o.kind', 'o.status', 'c.name as host_community_name'])
    .select((eb) => [
      eb
        .selectFrom('organisation_members as m')
        .select(sql<number>`count(*)::int`.as('n'))
        .whereRef('m.organisation_id', '=', 'o.id')
        .as('members'),
      eb
        .selectFrom('organisation_activities as a')
        .select(sql<number>`count(*)::int`.as('n'))
        .whereRef('a.organisation_id', '=', 'o.id')
        .where('a.starts_at', '>=', from)
        .where('a.starts_at', '<', to)
        .as('activities'),
      eb
        .selectFrom('organisation_attendance as t')
        .innerJoin('organisation_activities as a', 'a.id', 't.activity_id')
        .select(sql<number>`count(*)::int`.as('n'))
        .whereRef('a.organisation_id', '=', 'o.id')
        .where('a.starts_at', '>=', from)
        .where('a.starts_at', '<', to)
        .as('attendances'),
      eb
        .selectFrom('organisation_attendance as t')
        .innerJoin('organisation_activities as a', 'a.id', 't.activity_id')
        .select(sql<number>`coalesce(sum(extract(epoch from a.ends_at - a.starts_at)), 0)::float8 / 3600`.as('h'))
        .whereRef('a.organisation_id', '=', 'o.id')
        .where('a.starts_at', '>=', from)
        .where('a.starts_at', '<', to)
        .as('hours_served'),
      eb
        .selectFrom('resource_bookings as b')
        .select(sql<number>`count(*)::int`.as('n'))
        .whereRef('b.organisation_id', '=', 'o.id')
        .where('b.status', 'in', ['pending', 'approved', 'checked_in', 'no_show'])
        .where('b.starts_at', '>=', from)
        .where('b.starts_at', '<', to)
        .as('bookings'),
      eb
        .selectFrom('resource_bookings as b')
        .select(sql<number>`coalesce(sum(extract(epoch from b.ends_at - b.starts_at)), 0)::float8 / 3600`.as('h'))
        .whereRef('b.organisation_id', '=', 'o.id')
        .where('b.status', 'in', ['approved', 'checked_in', 'no_show'])
        .where('b.starts_at', '>=', from)
        .where('b.starts_at', '<', to)
        .as('hours_booked'),
    ])
    .where('c.path', 'like', `${path}%`)
    .orderBy('c.name')
    .orderBy('o.name')
    .execute()
}
