import type { Kdb } from '../db/db'
import type { Storage } from '../platform/storage'
import type { CommunityRow, GridRow } from './leancloud.repository'
import type { LcRow, LcSource } from './sources'
import type { DownloadedPhoto } from './fetch-photos'

/** What a row handler decided; the importer writes the external id for created / linked / skipped-with-target. */
export type RowOutcome =
  | { kind: 'created' | 'linked'; targetTable: string; targetId: string | null; note?: string }
  | { kind: 'skipped'; reason: string; targetTable?: string; targetId?: string | null }
  | { kind: 'refused'; reason: string }

export interface ImportDeps {
  db: Kdb
  storage: Storage
  now: Date
  /** Downloads a File URL (tests and production: the global fetch). */
  fetch?: typeof fetch
}

export interface RowContext {
  tx: Kdb
  app: string
  community: CommunityRow
  grids: GridRow[]
  now: Date
  dryRun: boolean
  requirePhone: boolean
  /** Our id of an object a pointer names, if it was imported ("Class/objectId"). */
  pointers: Map<string, string>
  /** Photos of this batch, by URL. */
  photos: Map<string, DownloadedPhoto>
  importer(): Promise<string>
  source: LcSource
}

export class RowRefused extends Error {}

/** A value at a path ("location.latitude"); LeanCloud fields are plain JSON. */
export function get(row: Record<string, unknown>, path: string): unknown {
  if (!path) return undefined
  let v: unknown = row
  for (const part of path.split('.')) {
    if (v === null || typeof v !== 'object') return undefined
    v = (v as Record<string, unknown>)[part]
  }
  return v
}

export function text(v: unknown): string | null {
  if (typeof v === 'string') return v.trim() || null
  if (typeof v === 'number' && Number.isFinite(v)) return String(v)
  return null
}

/** A Pointer field ({__type: 'Pointer', className, objectId}), a bare objectId, or an included object. */
export function pointerOf(v: unknown, defaultClass: string): { className: string; objectId: string } | null {
  if (typeof v === 'string' && v) return { className: defaultClass, objectId: v }
  if (v && typeof v === 'object') {
    const p = v as { className?: unknown; objectId?: unknown }
    if (typeof p.objectId === 'string' && p.objectId) return { className: typeof p.className === 'string' ? p.className : defaultClass, objectId: p.objectId }
  }
  return null
}

export function pointerKey(p: { className: string; objectId: string }): string {
  return `${p.className}/${p.objectId}`
}

export function userOf(ctx: RowContext, row: LcRow, field: string, usersClass: string): string {
  const p = pointerOf(get(row, field), usersClass)
  if (!p) throw new RowRefused(`缺少用户（字段 ${field}）`)
  const id = ctx.pointers.get(pointerKey(p))
  if (!id) throw new RowRefused(`找不到用户 ${p.className} ${p.objectId}（未导入或被拒绝）`)
  return id
}

export function numberOf(v: unknown): number | null {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN
  return Number.isFinite(n) ? n : null
}
