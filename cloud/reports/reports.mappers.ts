import type { Storage } from '../platform/storage'
import { ROLE_LABELS, type TRole } from '../../types/org'
import { REPORT_CATEGORIES, STATUS_LABELS, type TCategoryCode, type TPublicReport, type TReportStatus, type TReportSummary } from '../../types/reports'
import { OPEN, ACTION_LABELS } from './report-state'
import type { ReportWithNames } from './repository/reports'
import type { SummaryRow } from './repository/lists'
import type { listEvents, listPhotos } from './repository/reports'

type EventRow = Awaited<ReturnType<typeof listEvents>>[number]
type PhotoRow = Awaited<ReturnType<typeof listPhotos>>[number]

export function categoryName(code: string): string {
  return REPORT_CATEGORIES.find((c) => c.code === code)?.name ?? code
}

/** Who holds the case now, as the public sees it: a unit or a department, never a person's name. */
export function holderOf(r: Pick<SummaryRow, 'status' | 'level' | 'grid_name' | 'community_name' | 'cluster_name' | 'street_name' | 'department_name'>): string {
  if (r.department_name && ['dispatched', 'in_progress', 'resolved', 'reopened'].includes(r.status)) return r.department_name
  switch (r.level) {
    case 'grid':
      return r.grid_name
    case 'community':
      return r.community_name
    case 'cluster':
      return r.cluster_name ?? r.community_name
    default:
      return r.street_name
  }
}

export function isOverdue(status: string, deadline: Date, now: Date): boolean {
  return OPEN.includes(status as TReportStatus) && new Date(deadline).getTime() < now.getTime()
}

export function roleLabel(role: string): string {
  if (role === 'reporter') return '上报居民'
  if (role === 'resident') return '居民'
  if (role === 'system') return '系统'
  if (role === 'open311') return '外部系统'
  return ROLE_LABELS[role as TRole] ?? role
}

/** What a list row and the full view both show of a report. */
function reportBasics(r: SummaryRow | ReportWithNames, now: Date) {
  return {
    id: r.id,
    number: r.number,
    category: r.category as TCategoryCode,
    categoryName: categoryName(r.category),
    description: r.description,
    status: r.status as TReportStatus,
    statusLabel: STATUS_LABELS[r.status as TReportStatus],
    level: r.level,
    holder: holderOf(r),
    deadlineAt: new Date(r.deadline_at).toISOString(),
    overdue: isOverdue(r.status, r.deadline_at, now),
    supporters: r.supporters,
  }
}

export function toSummary(r: SummaryRow, storage: Storage, now: Date): TReportSummary {
  return {
    ...reportBasics(r, now),
    thumbnailUrl: r.thumb_key ? storage.url(r.thumb_key) : null,
    createdAt: new Date(r.created_at).toISOString(),
    ...(r.distance !== undefined ? { distanceMeters: Math.round(Number(r.distance)) } : {}),
  }
}

/** The anonymised view: never the reporter's name, phone, openid or exact address. */
export function toPublic(r: ReportWithNames, events: EventRow[], photos: PhotoRow[], storage: Storage, now: Date): TPublicReport {
  return {
    ...reportBasics(r, now),
    // about 100 m of precision for the public: enough to find the problem, not a front door
    lat: Math.round(r.lat * 1000) / 1000,
    lng: Math.round(r.lng * 1000) / 1000,
    address: null,
    photos: photos.map((p) => ({ key: p.key, url: storage.url(p.key), thumbnailUrl: storage.url(p.thumb_key), kind: p.kind })),
    createdAt: new Date(r.created_at).toISOString(),
    resolvedAt: r.resolved_at ? new Date(r.resolved_at).toISOString() : null,
    rating: r.rating,
    mergedInto: r.merged_into,
    rejectReason: r.reject_reason,
    resolutionNote: r.resolution_note,
    timeline: events.map((e) => ({
      id: e.id,
      action: e.action,
      label: ACTION_LABELS[e.action as keyof typeof ACTION_LABELS] ?? e.action,
      fromStatus: e.from_status,
      toStatus: e.to_status,
      level: e.level,
      actorRole: roleLabel(e.actor_role),
      reason: e.reason,
      public: e.public,
      at: new Date(e.created_at).toISOString(),
    })),
  }
}
