import type { Storage } from '../platform/storage'
import { maskName } from '../platform/privacy'
import { TOPIC_CATEGORY_LABELS, TOPIC_STATUS_LABELS, type TTopic, type TTopicAnswer, type TTopicDecision } from '../../types/deliberation'
import type { TopicRow } from './repository/topics'

export const DECISION_LABELS: Record<TTopicDecision, string> = { accepted: '列入议事会', merged: '合并到其他议题', referred: '转交部门办理', declined: '不予采纳' }

export function toAnswer(a: { decision: TTopicDecision; reason: string; department_name: string | null; merged_into: string | null; created_at: Date }): TTopicAnswer {
  return { decision: a.decision, decisionLabel: DECISION_LABELS[a.decision], reason: a.reason, departmentName: a.department_name, mergedInto: a.merged_into, at: a.created_at.toISOString() }
}

export function toTopic(t: TopicRow, viewerId: string, storage: Storage, now: Date, departmentName: string | null = null): TTopic {
  const expired = t.status === 'collecting' && t.collect_until.getTime() < now.getTime()
  return {
    id: t.id,
    title: t.title,
    description: t.description,
    status: t.status,
    category: t.category,
    categoryLabel: TOPIC_CATEGORY_LABELS[t.category],
    location: t.lat !== null && t.lng !== null ? { lat: Number(t.lat), lng: Number(t.lng) } : null,
    statusLabel: TOPIC_STATUS_LABELS[expired ? 'expired' : t.status],
    supports: Number(t.supports),
    threshold: t.threshold,
    collectUntil: t.collect_until.toISOString(),
    scopeOrgUnitId: t.scope_org_unit_id,
    scopeName: t.scope_name,
    authorName: t.by_staff ? '社区' : maskName(t.author_name),
    byStaff: t.by_staff,
    photoUrls: t.photo_keys.map((k) => storage.url(k)),
    createdAt: t.created_at.toISOString(),
    mine: t.author_id === viewerId,
    supported: Boolean(t.supported),
    following: Boolean(t.following),
    answer:
      t.status !== 'collecting' && t.status !== 'triage' && t.answer_reason && t.answered_at
        ? toAnswer({ decision: t.status, reason: t.answer_reason, department_name: departmentName, merged_into: t.merged_into, created_at: t.answered_at })
        : null,
  }
}
