import QRCode from 'qrcode'
import type { AppDeps } from '../platform/context'
import type { Actor } from '../org'
import { AppError } from '../platform/errors'
import { newId } from '../platform/ids'
import { notify } from '../platform/notices'
import { inTransaction } from '../platform/tx'
import type { TActivity, TActivityCode, TPublishActivity } from '../../types/resources'
import { findActivity, findOrganisationBooking, insertActivity, listActivities } from './repository/activities'
import { listMembers } from './repository/organisations'
import { organisationAccess, requireLeader } from './organisations.policy'
import { toActivity } from './organisations.mappers'
import { activityCheckInPath, signActivityCode } from './activity-code'

/**
 * The leader of a verified organisation publishes an activity (optionally in a room it booked);
 * every member is told. Members sign in at the activity with its QR and earn points.
 */
export async function publishActivity(deps: AppDeps, actor: Actor, organisationId: string, input: TPublishActivity): Promise<TActivity> {
  const db = deps.db.kysely
  const org = await requireLeader(db, actor, organisationId)
  let place = input.place
  if (input.bookingId) {
    const booking = await findOrganisationBooking(db, input.bookingId, organisationId)
    if (!booking) throw new AppError('RESOURCE_BOOKING_NOT_FOUND')
    place ||= [booking.name, booking.address].filter(Boolean).join(' · ')
  }
  const now = deps.clock.now()
  const id = newId()
  await inTransaction(db, async (tx) => {
    await insertActivity(tx, {
      id,
      organisationId,
      title: input.title,
      description: input.description,
      place,
      startsAt: new Date(input.startsAt),
      endsAt: new Date(input.endsAt),
      bookingId: input.bookingId ?? null,
      createdBy: actor.userId,
      now,
    })
    for (const m of await listMembers(tx, organisationId)) {
      if (m.user_id === actor.userId) continue
      await notify(tx, now, {
        userId: m.user_id,
        kind: 'organisation.activity',
        title: `「${org.name}」有新活动：${input.title}`,
        body: place ? `地点：${place}` : '到场后扫码签到可得积分',
        link: `/packages/resources/org/index?id=${organisationId}`,
      })
    }
  })
  return toActivity((await findActivity(db, id, actor.userId))!)
}

export async function listOrganisationActivities(deps: AppDeps, actor: Actor, organisationId: string): Promise<{ items: TActivity[] }> {
  const db = deps.db.kysely
  await organisationAccess(db, actor, organisationId)
  return { items: (await listActivities(db, organisationId, actor.userId)).map(toActivity) }
}

/** The leader shows the sign-in QR at the activity (valid `validMinutes`, default until it ends + 30 min). */
export async function activityCode(deps: AppDeps, actor: Actor, activityId: string, validMinutes?: number): Promise<TActivityCode> {
  const db = deps.db.kysely
  const activity = await findActivity(db, activityId, actor.userId)
  if (!activity) throw new AppError('ACTIVITY_NOT_FOUND')
  await requireLeader(db, actor, activity.organisation_id)
  const now = deps.clock.now()
  const until = validMinutes ? now.getTime() + validMinutes * 60_000 : Math.max(activity.ends_at.getTime() + 30 * 60_000, now.getTime() + 30 * 60_000)
  const expiresAt = new Date(until)
  const code = signActivityCode(deps.config.jwtSecret, activityId, expiresAt)
  const url = activityCheckInPath(code)
  return { activityId, code, url, qrDataUrl: await QRCode.toDataURL(url, { margin: 1, width: 320 }), expiresAt: expiresAt.toISOString() }
}
