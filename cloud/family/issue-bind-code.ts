import QRCode from 'qrcode'
import type { AppDeps } from '../platform/context'
import type { TBindCodeResponse, TFamilyScope } from '../../types/accounts'
import { FAMILY_SCOPES } from '../../types/accounts'
import { COUNTER_ROLES, requireScope, type Actor } from '../org'
import { AppError, isUniqueViolation } from '../platform/errors'
import { randomDigits } from '../platform/ids'
import { recordActingFor } from '../platform/notices'
import { getElderView } from '../accounts'
import { insertBindCode } from './family.repository'

// 48 hours: long enough to reach a son or daughter elsewhere, short enough that few codes are live
export const BIND_CODE_HOURS = 48

/**
 * At the counter, with the elder present and agreeing, staff print a one-time 12-digit code (and QR)
 * that a son or daughter elsewhere uses to bind. Issuing it is the elder's recorded confirmation.
 */
export async function issueBindCode(deps: AppDeps, actor: Actor, elderId: string, input: { scopes?: TFamilyScope[] }): Promise<TBindCodeResponse> {
  const db = deps.db.kysely
  const now = deps.clock.now()
  const elder = await getElderView(db, elderId, now)
  requireScope(actor, COUNTER_ROLES, elder?.communityPath ?? null, 'USER_NOT_FOUND')
  const scopes = input.scopes?.length ? input.scopes : [...FAMILY_SCOPES]
  const expiresAt = new Date(now.getTime() + BIND_CODE_HOURS * 3_600_000)
  for (let attempt = 0; attempt < 5; attempt++) {
    const code = randomDigits(12)
    try {
      await db.transaction().execute(async (tx) => {
        await insertBindCode(tx, { code, elderId, scopes, issuedBy: actor.userId, now, expiresAt })
        await recordActingFor(tx, now, { actorId: actor.userId, subjectId: elderId, action: 'family.bind_code_issued', details: { scopes, elderPresent: true } })
      })
      const qrDataUrl = await QRCode.toDataURL(`linli:bind:${code}`, { margin: 1, width: 240 })
      return { code, expiresAt: expiresAt.toISOString(), qrDataUrl }
    } catch (error) {
      if (!isUniqueViolation(error)) throw error // a clash with a live code: draw again
    }
  }
  throw new AppError('CONFLICT')
}
