import type { Kdb } from '../db/db'
import { sql } from 'kysely'
import { newId } from './ids'

export interface Notice {
  userId: string
  kind: string
  title: string
  body: string
  /** The page that opens the notice's object, e.g. /packages/reports/detail/index?id=…; without it one is derived from the kind. */
  link?: string
}

/** Where a notice of this kind opens when it was written without a link (older rows, SQL functions). */
export function noticeLink(kind: string, link: string | null): string {
  if (link) return link
  if (kind.startsWith('checkup.')) return '/packages/checkups/booking/index'
  if (kind === 'timebank.assigned') return '/packages/timebank/tasks/index'
  if (kind.startsWith('timebank.')) return '/packages/timebank/requests/index'
  if (kind.startsWith('points.')) return '/packages/points/index/index'
  if (kind.startsWith('report.')) return '/packages/reports/mine/index'
  return '/pages/me/index'
}

/**
 * The elder and the family who follow him (active link with receive_notices) hear of what is done for
 * him — a daughter in another city learns that the volunteer arrived or the checkup is done.
 */
export async function notifyElderAndFamily(tx: Kdb, now: Date, elderId: string, notice: Omit<Notice, 'userId'>, familyNotice?: Omit<Notice, 'userId'>): Promise<void> {
  await notify(tx, now, { userId: elderId, ...notice })
  const family = await tx
    .selectFrom('family_links')
    .select('member_id')
    .where('elder_id', '=', elderId)
    .where('status', '=', 'active')
    .where(sql<boolean>`'receive_notices' = ANY(scopes)`)
    .execute()
  for (const f of family) await notify(tx, now, { userId: f.member_id, ...(familyNotice ?? notice) })
}

/**
 * An in-app notice plus an outbox row for delivery elsewhere (WeChat subscribe message, SMS),
 * written in the caller's transaction: the notice exists exactly when the change does.
 */
export async function notify(tx: Kdb, now: Date, notice: Notice): Promise<void> {
  const id = newId()
  await tx
    .insertInto('notices')
    .values({ id, user_id: notice.userId, kind: notice.kind, title: notice.title, body: notice.body, link: notice.link ?? null, created_at: now })
    .execute()
  await tx
    .insertInto('outbox')
    .values({ id: newId(), topic: 'notice.created', payload: JSON.stringify({ noticeId: id, ...notice }), created_at: now })
    .execute()
}

/**
 * An event for other domains or outside systems, written in the caller's transaction and delivered
 * by `tick` (at least once: subscribers must be idempotent, e.g. a unique source key).
 * Topics in use: 'notice.created'; domains add theirs (e.g. 'report.accepted' → points).
 */
export async function publish(tx: Kdb, now: Date, topic: string, payload: Record<string, unknown>): Promise<void> {
  await tx
    .insertInto('outbox')
    .values({ id: newId(), topic, payload: JSON.stringify(payload), created_at: now })
    .execute()
}

/**
 * Everything done for someone else is recorded (who, for whom, what) and the person is told.
 * Family members acting for an elder and staff acting at the counter both come through here.
 */
export async function recordActingFor(
  tx: Kdb,
  now: Date,
  entry: { actorId: string; subjectId: string; action: string; details?: Record<string, unknown>; notice?: Omit<Notice, 'userId'> },
): Promise<void> {
  await tx
    .insertInto('audit_log')
    .values({
      id: newId(),
      actor_id: entry.actorId,
      subject_id: entry.subjectId,
      action: entry.action,
      details: JSON.stringify(entry.details ?? {}),
      created_at: now,
    })
    .execute()
  if (entry.notice && entry.actorId !== entry.subjectId) await notify(tx, now, { userId: entry.subjectId, ...entry.notice })
}

/** Delivers outbox rows somewhere outside the database. */
export interface Notifier {
  deliver(topic: string, payload: Record<string, unknown>): Promise<void>
}

/** Default: in-app notices are already in the database; outside channels are logged until configured. */
export function logNotifier(log: (msg: string, payload: object) => void): Notifier {
  return {
    async deliver(topic, payload) {
      log(`outbox ${topic}`, payload)
    },
  }
}
