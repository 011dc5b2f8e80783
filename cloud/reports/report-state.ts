import type { TLevel, TReportAction, TReportStatus } from '../../types/reports'
import { LEVELS } from '../../types/reports'
import { AppError } from '../platform/errors'

/**
 * The life of a report (shared/DOMAIN.md, 随手拍), in one place. Every state change goes through
 * `assertTransition` here and `transitionReport` in the repository (versioned update + event in the
 * caller's transaction), so an illegal move is 409 with the current state and two racing moves
 * cannot both win.
 *
 * submitted → accepted | rejected | merged
 * accepted  → assigned (grid worker) | escalated (片区吹哨) | dispatched (部门报到) | in_progress | merged
 * assigned / dispatched → in_progress | back with "not ours" (reassign → accepted or escalated)
 * in_progress → resolved (after photo) → closed (reporter confirms, or 7 days pass) | reopened (≤ 7 days)
 * reopened → in_progress with the same handler, against the original deadline
 */
export const TRANSITIONS = {
  accept: { from: ['submitted'], to: ['accepted'] },
  reject: { from: ['submitted'], to: ['rejected'] },
  merge: { from: ['submitted', 'accepted'], to: ['merged'] },
  assign: { from: ['accepted', 'escalated', 'reopened'], to: ['assigned'] },
  escalate: { from: ['accepted', 'assigned', 'in_progress', 'reopened'], to: ['escalated'] },
  dispatch: { from: ['accepted', 'escalated'], to: ['dispatched'] },
  reassign: { from: ['assigned', 'dispatched'], to: ['accepted', 'escalated'] },
  start: { from: ['accepted', 'assigned', 'dispatched', 'escalated', 'reopened'], to: ['in_progress'] },
  resolve: { from: ['in_progress'], to: ['resolved'] },
  confirm: { from: ['resolved'], to: ['closed'] },
  reopen: { from: ['resolved', 'closed'], to: ['reopened'] },
  autoclose: { from: ['resolved'], to: ['closed'] },
} as const satisfies Record<string, { from: readonly TReportStatus[]; to: readonly TReportStatus[] }>

export type TTransition = keyof typeof TRANSITIONS

/** States where the case is still being worked on (support, comments, escalation by tick). */
export const OPEN: readonly TReportStatus[] = ['submitted', 'accepted', 'assigned', 'escalated', 'dispatched', 'in_progress', 'reopened']

export function canTransition(action: TTransition, status: string): boolean {
  return (TRANSITIONS[action].from as readonly string[]).includes(status)
}

/** An illegal move is 409 with the state the report is in now. */
export function assertTransition(action: TTransition, status: string): void {
  if (!canTransition(action, status)) throw new AppError('INVALID_STATE', { status, action })
}

/** "Not ours" goes back to whoever dispatched: the 片区 if it was escalated, else the community. */
export function reassignTarget(level: TLevel, from: 'assigned' | 'dispatched'): TReportStatus {
  if (from === 'assigned') return 'accepted'
  return level === 'cluster' || level === 'street' ? 'escalated' : 'accepted'
}

/** One step up the organisation: grid → community → 片区 → street (the street is the top). */
export function levelAbove(level: TLevel): TLevel | null {
  const i = LEVELS.indexOf(level)
  return i < LEVELS.length - 1 ? LEVELS[i + 1] : null
}

/** 片区吹哨: a manual escalation lands at the 片区, or the street if the 片区 already holds it. */
export function escalationLevel(level: TLevel): TLevel {
  return level === 'cluster' || level === 'street' ? 'street' : 'cluster'
}

export const REOPEN_WINDOW_MINUTES = 7 * 24 * 60
export const AUTOCLOSE_AFTER_MINUTES = 7 * 24 * 60

export const ACTION_LABELS: Record<TReportAction | 'submit' | 'autoclose' | 'overdue' | 'import', string> = {
  submit: '提交',
  support: '我也遇到',
  accept: '受理',
  reject: '不受理',
  merge: '合并到更早的同类问题',
  assign: '指派网格员',
  escalate: '上报片区协调（吹哨）',
  dispatch: '派给部门（报到）',
  reassign: '退回（不属本单位）',
  start: '开始处理',
  resolve: '处理完成',
  confirm: '居民确认并评价',
  reopen: '居民要求重新处理',
  comment: '补充说明',
  note: '内部备注',
  autoclose: '7 天未确认，自动办结',
  overdue: '超时未办，自动上报上一级',
  import: '从原系统（LeanCloud）迁入',
}
