import { createHmac, timingSafeEqual } from 'node:crypto'
import QRCode from 'qrcode'
import type { AppDeps, Actor } from '../platform/context'
import { AppError } from '../platform/errors'
import { newId } from '../platform/ids'
import { addMinutes } from '../platform/clock'
import { notify, publish } from '../platform/notices'
import { inTransaction } from '../platform/tx'
import type { TCreateMeeting, TMeeting, TMinutes } from '../../types/deliberation'
import { canSee, requireDeliberationStaff, residentRole, unitInReach } from './deliberation.policy'
import { agendaOf, attendanceOf, findMeeting, insertMeeting, listMeetings, saveMinutes, signIn } from './repository/meetings'
import { audienceOf } from './repository/topics'
import { topicLink } from './get-topic'

/** 议事会: schedule with agenda, QR sign-in (points through the points rules), minutes and decisions per topic. */

export const MEETING_ATTENDED_TOPIC = 'deliberation.meeting_attended'

// sign-in codes `<meetingId>.<expires s>.<hmac>`, as the points domain's event codes: nothing stored per code
const mac = (secret: string, body: string) => createHmac('sha256', `meeting-checkin:${secret}`).update(body).digest('base64url').slice(0, 32)

export function signMeetingCode(secret: string, meetingId: string, expiresAt: Date): string {
  const body = `${meetingId}.${Math.floor(expiresAt.getTime() / 1000)}`
  return `${body}.${mac(secret, body)}`
}

function verifyMeetingCode(secret: string, code: string, now: Date): string {
  const [id, exp, sig] = code.split('.')
  if (!id || !exp || !sig) throw new AppError('QR_INVALID')
  const expected = Buffer.from(mac(secret, `${id}.${exp}`))
  if (expected.length !== Buffer.from(sig).length || !timingSafeEqual(expected, Buffer.from(sig))) throw new AppError('QR_INVALID')
  if (!/^\d+$/.test(exp) || Number(exp) * 1000 <= now.getTime()) throw new AppError('QR_EXPIRED')
  return id
}

async function toMeeting(deps: AppDeps, actor: Actor, m: NonNullable<Awaited<ReturnType<typeof findMeeting>>>): Promise<TMeeting> {
  const [agenda, attendance] = await Promise.all([agendaOf(deps.db.kysely, m.id), attendanceOf(deps.db.kysely, m.id, actor.userId)])
  return {
    id: m.id,
    title: m.title,
    startsAt: m.starts_at.toISOString(),
    place: m.place,
    members: m.members,
    agenda: agenda.map((a) => ({ topicId: a.topic_id, title: a.title, decision: a.decision })),
    minutes: m.minutes,
    published: m.published_at !== null,
    attendees: attendance?.n ?? 0,
    signedIn: Boolean(attendance?.me),
  }
}

export async function scheduleMeeting(deps: AppDeps, actor: Actor, input: TCreateMeeting): Promise<TMeeting> {
  const unit = await unitInReach(deps.db.kysely, actor, input.communityId)
  if (unit.kind !== 'community') throw new AppError('ORG_UNIT_NOT_FOUND')
  requireDeliberationStaff(actor, unit.path, 'ORG_UNIT_NOT_FOUND')
  const topics = input.topicIds.length ? await deps.db.kysely.selectFrom('topics').select(['id', 'title']).where('id', 'in', input.topicIds).where('community_id', '=', unit.id).execute() : []
  if (topics.length !== new Set(input.topicIds).size) throw new AppError('INVALID_INPUT', { fields: { topicIds: '议程里有不属于本社区的议题' } })
  const id = newId()
  const now = deps.clock.now()
  await inTransaction(deps.db.kysely, async (tx) => {
    await insertMeeting(tx, {
      id,
      communityId: unit.id,
      title: input.title,
      startsAt: input.startsAt,
      place: input.place,
      members: input.members,
      topicIds: [...new Set(input.topicIds)],
      staffId: actor.userId,
      now,
    })
    for (const t of topics) {
      for (const userId of await audienceOf(tx, t.id)) {
        await notify(tx, now, { userId, kind: 'topic.meeting', title: '议题列入议事会议程', body: `「${t.title}」将在${input.place}的「${input.title}」上讨论`, link: topicLink(t.id) })
      }
    }
  })
  return toMeeting(deps, actor, (await findMeeting(deps.db.kysely, id))!)
}

export async function getMeeting(deps: AppDeps, actor: Actor, id: string): Promise<TMeeting> {
  const m = await findMeeting(deps.db.kysely, id)
  if (!m || !canSee(actor, m.community_path)) throw new AppError('NOT_FOUND')
  return toMeeting(deps, actor, m)
}

export async function listCommunityMeetings(deps: AppDeps, actor: Actor, orgUnitId: string | undefined): Promise<{ items: TMeeting[]; nextCursor: null }> {
  const unit = await unitInReach(deps.db.kysely, actor, orgUnitId)
  const rows = await listMeetings(deps.db.kysely, unit.communityPath ?? unit.path, 20)
  return { items: await Promise.all(rows.map((m) => toMeeting(deps, actor, m))), nextCursor: null }
}

/** The QR staff show at the door: valid from now until 4 hours after the start. */
export async function meetingCode(deps: AppDeps, actor: Actor, id: string): Promise<{ code: string; path: string; qrDataUrl: string; expiresAt: string }> {
  const m = await findMeeting(deps.db.kysely, id)
  if (!m) throw new AppError('NOT_FOUND')
  requireDeliberationStaff(actor, m.community_path)
  const expiresAt = addMinutes(m.starts_at, 240)
  const code = signMeetingCode(deps.config.jwtSecret, m.id, expiresAt)
  const path = `/packages/deliberation/checkin/index?code=${encodeURIComponent(code)}`
  return { code, path, qrDataUrl: await QRCode.toDataURL(path, { margin: 1, width: 320 }), expiresAt: expiresAt.toISOString() }
}

/** 签到 by scanning: once per person; the first sign-in publishes the event points listens to. */
export async function checkInMeeting(deps: AppDeps, actor: Actor, code: string): Promise<TMeeting> {
  const now = deps.clock.now()
  const id = verifyMeetingCode(deps.config.jwtSecret, code, now)
  const m = await findMeeting(deps.db.kysely, id)
  if (!m || !canSee(actor, m.community_path) || !residentRole(actor)) throw new AppError('NOT_FOUND')
  await inTransaction(deps.db.kysely, async (tx) => {
    if (await signIn(tx, m.id, actor.userId, now)) await publish(tx, now, MEETING_ATTENDED_TOPIC, { meetingId: m.id, userId: actor.userId, communityId: m.community_id })
  })
  return toMeeting(deps, actor, m)
}

/** 会议纪要: minutes and the decision on each agenda topic, published; followers of each topic are told. */
export async function recordMinutes(deps: AppDeps, actor: Actor, id: string, input: TMinutes): Promise<TMeeting> {
  const m = await findMeeting(deps.db.kysely, id)
  if (!m) throw new AppError('NOT_FOUND')
  requireDeliberationStaff(actor, m.community_path)
  const agenda = await agendaOf(deps.db.kysely, id)
  if (input.decisions.some((d) => !agenda.some((a) => a.topic_id === d.topicId))) throw new AppError('INVALID_INPUT', { fields: { decisions: '只能记录议程里的议题' } })
  const now = deps.clock.now()
  await inTransaction(deps.db.kysely, async (tx) => {
    await saveMinutes(tx, id, input.minutes, input.decisions, now)
    for (const d of input.decisions) {
      const title = agenda.find((a) => a.topic_id === d.topicId)!.title
      for (const userId of await audienceOf(tx, d.topicId)) {
        await notify(tx, now, { userId, kind: 'topic.decided', title: '议事会有了决定', body: `「${title}」：${d.decision}`, link: topicLink(d.topicId) })
      }
    }
  })
  return toMeeting(deps, actor, (await findMeeting(deps.db.kysely, id))!)
}
