import type { AppDeps } from '../platform/context'
import type { Actor } from '../org'
import { WORK_LIST_OUTCOMES, type TWorkListMark, type TWorkListName } from '../../types/dashboard-lists'
import { AppError } from '../platform/errors'
import { businessDate } from '../platform/clock'
import { newId } from '../platform/ids'
import { insertListMark } from './repository/work-lists'
import { listScope, workListRows } from './list-work-list'

/**
 * Ticks a row off a work list: the outcome, a note, who and when are kept (history; the list shows
 * the latest). Only a row that is on the list, in the caller's scope, can be marked (else 404); an
 * outcome the list does not know is refused and nothing is written.
 */
export async function markWorkList(deps: AppDeps, actor: Actor, list: TWorkListName, subjectId: string, input: TWorkListMark): Promise<{ ok: true }> {
  const scope = await listScope(deps.db.kysely, actor, input.orgUnitId, list)
  const outcomes: Record<string, string> = WORK_LIST_OUTCOMES[list]
  if (!Object.hasOwn(outcomes, input.outcome)) throw new AppError('INVALID_INPUT', { fields: { outcome: '请选择结果' } }, '请选择结果')
  const [row] = await workListRows(deps, list, scope, { days: input.days }, { limit: 1, subjectId })
  if (!row) throw new AppError('NOT_FOUND')
  const now = deps.clock.now()
  // points that expire are a round per month: last month's reminder is not this month's
  const context = list === 'expiring-points' ? businessDate(now).slice(0, 7) : ''
  await insertListMark(deps.db.kysely, { id: newId(), list, subjectId, context, outcome: input.outcome, note: input.note, by: actor.userId, now })
  return { ok: true }
}
