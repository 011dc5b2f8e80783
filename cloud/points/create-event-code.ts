import QRCode from 'qrcode'
import type { AppDeps } from '../platform/context'
import type { Actor } from '../org'
import { requireScope } from '../org'
import { AppError } from '../platform/errors'
import { newId } from '../platform/ids'
import type { TEventCode } from '../../types/points'
import { findRule, insertEvent } from './repository/rules'
import { POINTS_STAFF_ROLES, staffCommunity } from './points.policy'
import { checkInPath, signCheckInCode } from './checkin-code'

/** Staff start an event (or a sorting station) and get a signed, expiring QR for residents to scan. */
export async function createEventCode(deps: AppDeps, actor: Actor, input: { communityId?: string; ruleId: string; title: string; validMinutes: number }): Promise<TEventCode> {
  const db = deps.db.kysely
  const community = await staffCommunity(db, actor, input.communityId)
  const rule = await findRule(db, input.ruleId)
  requireScope(actor, POINTS_STAFF_ROLES, rule?.community_path ?? null, 'POINTS_RULE_NOT_FOUND')
  if (rule!.community_id !== community.id) throw new AppError('POINTS_RULE_NOT_FOUND')
  if (!rule!.active) throw new AppError('RULE_NOT_ACTIVE')
  const now = deps.clock.now()
  const id = newId()
  await insertEvent(db, { id, communityId: community.id, ruleId: rule!.id, title: input.title, actorId: actor.userId, now })
  return eventCode(deps, id, input.title, input.validMinutes)
}

export async function eventCode(deps: AppDeps, eventId: string, title: string, validMinutes: number): Promise<TEventCode> {
  const expiresAt = new Date(deps.clock.now().getTime() + validMinutes * 60_000)
  const code = signCheckInCode(deps.config.jwtSecret, eventId, expiresAt)
  const url = checkInPath(code)
  const qrDataUrl = await QRCode.toDataURL(url, { margin: 1, width: 320 })
  return { eventId, title, code, url, qrDataUrl, expiresAt: expiresAt.toISOString() }
}
