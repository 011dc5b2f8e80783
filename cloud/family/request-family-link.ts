import type { AppDeps } from '../platform/context'
import type { TFamilyLink, TRequestFamilyLink } from '../../types/accounts'
import { FAMILY_RELATION_LABELS } from '../../types/accounts'
import type { Actor } from '../org'
import { AppError, isUniqueViolation } from '../platform/errors'
import { newId } from '../platform/ids'
import { notify, recordActingFor } from '../platform/notices'
import { auditBindCodeGuessing, consumeBindCode, findLink, findPersonByPhone, insertLink, listStreetAdmins } from './family.repository'
import { toLink } from './family.mappers'
import { claimAttempt, clearFailures, unclaimAttempt, type LockPolicy } from '../accounts'

/**
 * A family member asks to act for an elder.
 * - By the elder's phone: the link waits until the elder confirms in the app (or staff confirm
 *   at the counter with the elder present).
 * - By a bind code: staff issued the code at the counter with the elder present and the elder's
 *   agreement recorded, so the link is active at once, limited to the scopes the elder agreed to.
 */
export async function requestFamilyLink(deps: AppDeps, actor: Actor, input: TRequestFamilyLink, client = 'unknown'): Promise<TFamilyLink> {
  const db = deps.db.kysely
  const now = deps.clock.now()
  const id = newId()
  // bind codes are guessable secrets: each try is counted per person and per address before it is checked
  const claims = input.bindCode ? await claimBindAttempt(deps, actor, client, now) : null
  try {
    await db.transaction().execute(async (tx) => {
      if (input.elderPhone) {
        const elder = await findPersonByPhone(tx, input.elderPhone)
        if (!elder) throw new AppError('ELDER_NOT_FOUND')
        if (elder.id === actor.userId) throw new AppError('CANNOT_LINK_SELF')
        await insertLink(tx, { id, elderId: elder.id, memberId: actor.userId, relation: input.relation, scopes: input.scopes, status: 'pending', now })
        await notify(tx, now, {
          userId: elder.id,
          kind: 'family.requested',
          title: '有家人申请绑定您的账号',
          body: `${actor.name}（${FAMILY_RELATION_LABELS[input.relation]}）申请代您办理事务，请在「我的 · 亲情账户」里同意或拒绝。`,
        })
        return
      }
      // the code is used once: the UPDATE both checks and consumes it
      const code = await consumeBindCode(tx, input.bindCode!, actor.userId, now)
      if (!code) throw new AppError('BIND_CODE_INVALID')
      if (code.elder_id === actor.userId) throw new AppError('CANNOT_LINK_SELF')
      const scopes = input.scopes.filter((s) => code.scopes.includes(s))
      if (scopes.length === 0) throw new AppError('RULE_REFUSED', { allowedScopes: code.scopes }, '老人没有授权您选择的事项')
      await insertLink(tx, { id, elderId: code.elder_id, memberId: actor.userId, relation: input.relation, scopes, status: 'active', now, confirmedBy: code.issued_by })
      await recordActingFor(tx, now, {
        actorId: actor.userId,
        subjectId: code.elder_id,
        action: 'family.linked_by_code',
        details: { linkId: id, issuedBy: code.issued_by, scopes },
        notice: {
          kind: 'family.linked',
          title: '家人已绑定您的账号',
          body: `${actor.name}（${FAMILY_RELATION_LABELS[input.relation]}）已用社区发放的绑定码绑定，可以代您办理已授权的事项。`,
        },
      })
    })
  } catch (error) {
    if (claims && error instanceof AppError && error.code === 'BIND_CODE_INVALID' && claims.lockedNow) await reportGuessing(deps, actor, client, now)
    if (isUniqueViolation(error, 'family_links_live')) throw new AppError('FAMILY_LINK_EXISTS')
    throw error
  }
  if (claims) {
    await clearFailures(db, `bind-user:${actor.userId}`, '*')
    await unclaimAttempt(db, 'bind-addr', `addr:${client}`)
  }
  return toLink((await findLink(db, id))!)
}

/** Five wrong bind codes per person, twenty per address, then a lock of 15 minutes that doubles (up to a day). */
export const BIND_USER_LOCK: LockPolicy = { max: 5, lockMinutes: 15, maxLockMinutes: 24 * 60 }
export const BIND_ADDRESS_LOCK: LockPolicy = { max: 20, lockMinutes: 15, maxLockMinutes: 24 * 60 }

async function claimBindAttempt(deps: AppDeps, actor: Actor, client: string, now: Date) {
  const db = deps.db.kysely
  const byUser = await claimAttempt(db, `bind-user:${actor.userId}`, '*', now, BIND_USER_LOCK)
  if (!byUser.allowed) throw new AppError('BIND_CODE_LOCKED', { retryAt: byUser.lockedUntil?.toISOString() ?? null })
  const byAddress = await claimAttempt(db, 'bind-addr', `addr:${client}`, now, BIND_ADDRESS_LOCK)
  if (!byAddress.allowed) throw new AppError('BIND_CODE_LOCKED', { retryAt: byAddress.lockedUntil?.toISOString() ?? null })
  return { lockedNow: byUser.lockedNow || byAddress.lockedNow }
}

/** A lock has just begun: street admins are told and the guessing is recorded against the guesser. */
async function reportGuessing(deps: AppDeps, actor: Actor, client: string, now: Date): Promise<void> {
  deps.logger.warn({ userId: actor.userId, client }, 'family bind codes are being guessed')
  await deps.db.kysely.transaction().execute(async (tx) => {
    await auditBindCodeGuessing(tx, actor.userId, client, now)
    for (const admin of await listStreetAdmins(tx)) {
      await notify(tx, now, {
        userId: admin,
        kind: 'family.bind_code_guessing',
        title: '有人在反复尝试亲情绑定码',
        body: `${actor.name}（或同一网络地址）多次输错绑定码，已被暂停尝试。如非本人误输，请留意是否有人在猜测绑定码。`,
      })
    }
  })
}
