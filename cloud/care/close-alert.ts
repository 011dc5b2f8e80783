import { sql } from 'kysely'
import type { AppDeps } from '../platform/context'
import type { Kdb } from '../db/db'
import type { Actor } from '../org'
import { AppError } from '../platform/errors'
import { inTransaction } from '../platform/tx'
import { notify } from '../platform/notices'
import { CARE_OUTCOME_LABELS, type TCareAlertKind, type TCloseAlert } from '../../types/care'
import { CARE_DEFAULTS, WIDEN } from './care.rules'
import { requireAlertScope } from './care.policy'
import { addEvents, findAlert, markClosed, recipients } from './repository/alerts'
import { getAlert } from './get-alert'

const WIDEN_COLUMN: Record<TCareAlertKind, { column: 'no_use_hours' | 'flow_litres' | 'quiet_litres' | 'silent_hours'; by: number; max: number; base: number; unit: string }> = {
  no_use: { column: 'no_use_hours', by: WIDEN.noUseHours, max: 48, base: CARE_DEFAULTS.noUseHours, unit: '小时' },
  flow: { column: 'flow_litres', by: WIDEN.flowLitres, max: 1000, base: CARE_DEFAULTS.flowLitres, unit: '升/小时' },
  quiet: { column: 'quiet_litres', by: WIDEN.quietLitres, max: 1000, base: CARE_DEFAULTS.quietLitres, unit: '升' },
  device: { column: 'silent_hours', by: WIDEN.silentHours, max: 72, base: CARE_DEFAULTS.silentHours, unit: '小时' },
}

/** A false alarm moves this elder's threshold for that rule one step (his own value, from the community's). */
async function widen(tx: Kdb, enrolmentId: string, kind: TCareAlertKind): Promise<number> {
  const w = WIDEN_COLUMN[kind]
  const col = sql.ref(w.column)
  const result = await sql<{ value: number }>`
    UPDATE care_enrolments e SET ${col} = LEAST(${w.max}, coalesce(e.${col}, (SELECT d.${col} FROM care_rule_defaults d WHERE d.community_id = e.community_id), ${w.base}) + ${w.by}),
      version = version + 1
    WHERE e.id = ${enrolmentId} RETURNING e.${col} AS value`.execute(tx)
  return result.rows[0].value
}

/**
 * Closes an alert with what happened (平安 / 已上门 / 已呼叫急救 / 误报 with why). The family hears the
 * outcome. A false alarm widens that elder's threshold for the rule, recorded on the timeline.
 */
export async function closeAlert(deps: AppDeps, actor: Actor, id: string, input: TCloseAlert) {
  const db = deps.db.kysely
  const ref = await findAlert(db, id)
  if (!ref) throw new AppError('NOT_FOUND')
  requireAlertScope(actor, ref)
  const now = deps.clock.now()
  await inTransaction(db, async (tx) => {
    if (!(await markClosed(tx, id, actor.userId, input.outcome, input.note, now))) throw new AppError('CARE_ALERT_HANDLED')
    await addEvents(
      tx,
      [{ alertId: id, action: 'closed', actorId: actor.userId, note: `${CARE_OUTCOME_LABELS[input.outcome]}${input.note ? `：${input.note}` : ''}`, details: { outcome: input.outcome } }],
      now,
    )
    if (input.outcome === 'false_alarm') {
      const value = await widen(tx, ref.enrolment_id, ref.kind)
      const w = WIDEN_COLUMN[ref.kind]
      await addEvents(tx, [{ alertId: id, action: 'threshold_widened', actorId: actor.userId, note: `这位老人的提醒门槛调整为 ${value} ${w.unit}`, details: { column: w.column, value } }], now)
    }
    if (ref.kind === 'device') return
    const family = (await recipients(tx, [{ id, enrolment_id: ref.enrolment_id, elder_id: ref.elder_id, kind: ref.kind, level: 1, reason: '' }])).filter((r) => r.role === 'family')
    for (const f of family) {
      await notify(tx, now, {
        userId: f.user_id,
        kind: 'care.closed',
        title: `关爱提醒已处理：${CARE_OUTCOME_LABELS[input.outcome]}`,
        body: `${actor.name} 处理了这条提醒：${CARE_OUTCOME_LABELS[input.outcome]}${input.note ? `（${input.note}）` : ''}。`,
        link: `/packages/care/family/index?elderId=${ref.elder_id}`,
      })
    }
  })
  return getAlert(deps, actor, id)
}
