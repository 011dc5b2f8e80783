import type { Kdb } from '../db/db'
import { AppError } from '../platform/errors'
import { fetchPhotos, fileUrls, type DownloadedPhoto } from './fetch-photos'
import { importCheckupBooking } from './import-checkups'
import { importHours } from './import-hours'
import { importPointsBalance, importPointsHistory } from './import-points'
import { buildReport, importReport, writeReports, type BuiltReport } from './import-reports'
import { importUser } from './import-users'
import {
  communityGrids,
  ensureImporter,
  markRow,
  releaseRow,
  rollbackRow,
  findCommunities,
  insertExternalIds,
  knownObjects,
  loadCheckpoint,
  resolvePointers,
  saveCheckpoint,
  type CommunityRow,
  type ExternalId,
} from './leancloud.repository'
import type { TClassMapping, TMapping } from './mapping'
import { get, pointerKey, pointerOf, RowRefused, type ImportDeps, type RowContext, type RowOutcome } from './row-context'
import { isBad, type LcRow, type LcSource } from './sources'

export interface ImportOptions {
  /** Community id or unique name. */
  community: string
  source: LcSource
  mapping: TMapping
  /** Name of the LeanCloud app in the external-id table (default: mapping.sourceApp, then the source's). */
  sourceApp?: string | null
  dryRun?: boolean
  batch?: number
  onProgress?: (e: { className: string; done: number; total: number | null }) => void
}

export interface RowReason {
  ref: string
  reason: string
}

export interface ClassSummary {
  className: string
  kind: TClassMapping['kind']
  read: number
  created: number
  /** Matched to a record already here (a person with the same phone). */
  linked: number
  skipped: number
  refused: number
  /** Every refusal with its reason (first 1,000), and skips that are not "already imported". */
  refusals: RowReason[]
  notes: RowReason[]
  missing?: boolean
}

export interface ImportSummary {
  sourceApp: string
  community: { id: string; name: string }
  dryRun: boolean
  classes: ClassSummary[]
  unreachableFiles: { ref: string; url: string; reason: string }[]
  unreachableCount: number
}

export class ImportError extends Error {}

const MAX_LISTED = 1000
class DryRunRollback extends Error {}

/** Row-level failures the database raises for one row only (constraints, ledger refusals): refused, batch goes on. */
function refusalReason(error: unknown): string | null {
  if (error instanceof RowRefused) return error.message
  if (error instanceof AppError) return `${error.code}：${error.message}`
  const e = error as { code?: unknown; constraint?: unknown; message?: unknown }
  if (typeof e?.code === 'string' && /^(23|22)/.test(e.code)) return `数据库拒绝：${e.constraint ?? ''} ${String(e.message).slice(0, 120)}`.trim()
  return null
}

export async function resolveCommunity(db: Kdb, idOrName: string): Promise<CommunityRow> {
  const found = await findCommunities(db, idOrName)
  if (found.length === 0) throw new ImportError(`找不到社区「${idOrName}」（请给社区 id 或社区名称）`)
  if (found.length > 1) throw new ImportError(`有 ${found.length} 个社区叫「${idOrName}」，请给社区 id：${found.map((c) => c.id).join(', ')}`)
  return found[0]
}

/**
 * Imports a LeanCloud app's data into one community. Classes in the mapping's order; each batch is one
 * transaction holding its rows, their external ids and the class checkpoint, so a crash leaves the
 * database as it was before that batch and the next run continues. Objects already in the
 * external-id table are skipped: a second run changes nothing. A dry run does all of it in one
 * transaction that is rolled back (photos are downloaded and checked, not stored).
 */
export async function importLeanCloud(deps: ImportDeps, options: ImportOptions): Promise<ImportSummary> {
  const db = deps.db
  const community = await resolveCommunity(db, options.community)
  const grids = await communityGrids(db, community.id)
  const app = options.sourceApp || options.mapping.sourceApp || options.source.appName
  const batch = Math.max(1, Math.min(options.batch ?? 500, 5000))
  const dryRun = options.dryRun === true
  const summary: ImportSummary = { sourceApp: app, community: { id: community.id, name: community.name }, dryRun, classes: [], unreachableFiles: [], unreachableCount: 0 }
  const usersClass = options.mapping.classes.find((c) => c.kind === 'users')?.class ?? '_User'
  // the same LeanCloud class may feed two mappings (_User → users and _User.points → balances)
  const keyOf = (c: TClassMapping) => (options.mapping.classes.filter((x) => x.class === c.class).length > 1 && c.kind !== 'users' ? `${c.class}:${c.kind}` : c.class)

  const run = async (tx: Kdb | null) => {
    for (const cls of options.mapping.classes) {
      const s: ClassSummary = { className: cls.class, kind: cls.kind, read: 0, created: 0, linked: 0, skipped: 0, refused: 0, refusals: [], notes: [] }
      summary.classes.push(s)
      if (!(await options.source.has(cls.class))) {
        s.missing = true
        continue
      }
      const key = keyOf(cls)
      const checkpoint = options.source.resumable ? await loadCheckpoint(tx ?? db, app, key) : null
      const total = await options.source.count(cls.class, checkpoint).catch(() => null)
      options.onProgress?.({ className: cls.class, done: 0, total })
      for await (const page of options.source.pages(cls.class, batch, checkpoint)) {
        const rows = page.filter((r): r is LcRow => !isBad(r))
        const result = await importBatch({ deps, tx, app, key, cls, rows, community, grids, dryRun, usersClass, mapping: options.mapping, source: options.source })
        // counted only once the batch is committed (or, in a dry run, done)
        s.read += page.length
        for (const b of page) if (isBad(b)) addReason(s, 'refusals', { ref: b.ref, reason: b.reason })
        s.refused += page.length - rows.length
        s.created += result.created
        s.linked += result.linked
        s.skipped += result.skipped
        s.refused += result.refusals.length
        for (const r of result.refusals) addReason(s, 'refusals', r)
        for (const n of result.notes) addReason(s, 'notes', n)
        // listed in full up to 10,000 (a summary, not a second copy of the data); the count is always exact
        summary.unreachableCount += result.unreachable.length
        summary.unreachableFiles.push(...result.unreachable.slice(0, Math.max(0, MAX_LISTED * 10 - summary.unreachableFiles.length)))
        options.onProgress?.({ className: cls.class, done: s.read, total })
      }
    }
  }

  if (dryRun) {
    await db
      .transaction()
      .execute(async (tx) => {
        await run(tx)
        throw new DryRunRollback()
      })
      .catch((error) => {
        if (!(error instanceof DryRunRollback)) throw error
      })
  } else {
    await run(null)
  }
  return summary
}

function addReason(s: ClassSummary, list: 'refusals' | 'notes', r: RowReason) {
  if (s[list].length < MAX_LISTED) s[list].push(r)
}

interface BatchInput {
  deps: ImportDeps
  /** The dry run's single transaction; null = one transaction per batch. */
  tx: Kdb | null
  app: string
  key: string
  cls: TClassMapping
  rows: LcRow[]
  community: CommunityRow
  grids: RowContext['grids']
  dryRun: boolean
  usersClass: string
  mapping: TMapping
  source: LcSource
}

async function importBatch(b: BatchInput) {
  const out = { created: 0, linked: 0, skipped: 0, refusals: [] as RowReason[], notes: [] as RowReason[], unreachable: [] as ImportSummary['unreachableFiles'] }
  if (b.rows.length === 0) return out
  const db = b.tx ?? b.deps.db
  const known = await knownObjects(
    db,
    b.app,
    b.key,
    b.rows.map((r) => r.objectId),
  )
  // an objectId seen twice in one batch (an export concatenated twice) is imported once
  const seen = new Set<string>()
  const fresh = b.rows.filter((r) => {
    if (known.has(r.objectId)) return false
    if (seen.has(r.objectId)) {
      out.notes.push({ ref: r.objectId, reason: '同一 objectId 出现多次，只导入一次' })
      return false
    }
    seen.add(r.objectId)
    return true
  })
  out.skipped += b.rows.length - fresh.length

  // photos are fetched and re-encoded before the transaction: no row lock waits on the network
  const photoUrls = new Map<string, string[]>()
  let photos = new Map<string, DownloadedPhoto>()
  if (b.cls.kind === 'reports') {
    for (const row of fresh) {
      const { urls, unresolved } = await fileUrls(get(row, b.cls.fields.photos), b.source)
      photoUrls.set(row.objectId, urls)
      for (const u of unresolved) out.unreachable.push({ ref: `${b.cls.class} ${row.objectId}`, url: u, reason: '找不到文件' })
    }
    photos = await fetchPhotos([...photoUrls.values()].flat(), b.deps.storage, b.dryRun, b.deps.fetch)
  }

  // external ids and the checkpoint commit with the rows they describe
  const finish = async (tx: Kdb, ids: ExternalId[]) => {
    await insertExternalIds(tx, b.app, b.key, b.community.id, ids, b.deps.now)
    if (b.source.resumable) {
      const last = b.rows[b.rows.length - 1]
      await saveCheckpoint(tx, b.app, b.key, { createdAt: last.createdAt, objectId: last.objectId }, b.rows.length, b.deps.now)
    }
  }
  const work = async (tx: Kdb, careful: boolean) => {
    // pointers of the whole batch in one query
    const refs = new Map<string, { className: string; objectId: string }>()
    const userField = 'fields' in b.cls ? (b.cls.fields as Record<string, string>)[b.cls.kind === 'reports' ? 'reporter' : b.cls.kind === 'checkup_bookings' ? 'elder' : 'user'] : undefined
    for (const row of fresh) {
      const p = userField === '' ? { className: b.usersClass, objectId: row.objectId } : userField ? pointerOf(get(row, userField), b.usersClass) : null
      if (p) refs.set(pointerKey(p), p)
    }
    const pointers = await resolvePointers(tx, b.app, [...refs.values()])
    let importerId: string | null = null
    const ctx: RowContext = {
      tx,
      app: b.app,
      community: b.community,
      grids: b.grids,
      now: b.deps.now,
      dryRun: b.dryRun,
      requirePhone: b.mapping.requirePhone,
      pointers,
      photos,
      source: b.source,
      importer: async () => (importerId ??= await ensureImporter(tx, b.app, b.community.id, b.deps.now)),
    }
    // the signing account exists before any row's savepoint, so a refused row cannot roll it back
    if (b.cls.kind !== 'users' && b.cls.kind !== 'reports') await ctx.importer()
    if (!careful && b.cls.kind === 'reports') {
      const fast = await fastReports(ctx, b.cls, fresh, b.usersClass, photoUrls)
      await finish(tx, fast.ids)
      return fast
    }
    const ids: ExternalId[] = []
    const batchOut = { created: 0, linked: 0, skipped: 0, refusals: [] as RowReason[], notes: [] as RowReason[], unreachable: [] as ImportSummary['unreachableFiles'] }
    for (const row of fresh) {
      // each row behind a savepoint: a row the database refuses is refused alone, the batch goes on
      await markRow(tx)
      let outcome: RowOutcome
      try {
        outcome = await importRow(ctx, b.cls, row, b.usersClass, photoUrls.get(row.objectId) ?? [])
      } catch (error) {
        const reason = refusalReason(error)
        if (reason === null) throw error
        outcome = { kind: 'refused', reason }
      }
      if (outcome.kind === 'refused') {
        await rollbackRow(tx)
        // accounts created by the rolled-back row are gone: drop the ledger's per-connection account cache
        ctx.tx = ctx.tx.withoutPlugins()
        batchOut.refusals.push({ ref: row.objectId, reason: outcome.reason })
        continue
      }
      await releaseRow(tx)
      if (outcome.kind === 'skipped') {
        batchOut.skipped++
        batchOut.notes.push({ ref: row.objectId, reason: outcome.reason })
        ids.push({ objectId: row.objectId, targetTable: outcome.targetTable ?? 'none', targetId: outcome.targetId ?? null })
        continue
      }
      batchOut[outcome.kind]++
      if (outcome.note) batchOut.notes.push({ ref: row.objectId, reason: outcome.note })
      ids.push({ objectId: row.objectId, targetTable: outcome.targetTable, targetId: outcome.targetId })
      for (const url of photoUrls.get(row.objectId) ?? []) {
        const p = photos.get(url)
        if (p && !p.ok) batchOut.unreachable.push({ ref: `${b.cls.class} ${row.objectId}`, url, reason: p.reason })
      }
    }
    await finish(tx, ids)
    return batchOut
  }

  let done
  if (b.tx) done = await work(b.tx, true)
  else if (b.cls.kind !== 'reports') done = await b.deps.db.transaction().execute((tx) => work(tx, true))
  else {
    // reports are checked in memory and written a batch at a time; should the database still refuse
    // one, the batch is rolled back whole and done again a row at a time behind savepoints
    try {
      done = await b.deps.db.transaction().execute((tx) => work(tx, false))
    } catch (error) {
      if (refusalReason(error) === null) throw error
      done = await b.deps.db.transaction().execute((tx) => work(tx, true))
    }
  }
  out.created += done.created
  out.linked += done.linked
  out.skipped += done.skipped
  out.refusals.push(...done.refusals)
  out.notes.push(...done.notes)
  out.unreachable.push(...done.unreachable)
  return out
}

/** The batch path for reports: build every row in memory, write them in a few statements. */
async function fastReports(ctx: RowContext, cls: Extract<TClassMapping, { kind: 'reports' }>, rows: LcRow[], usersClass: string, photoUrls: Map<string, string[]>) {
  const out = { created: 0, linked: 0, skipped: 0, refusals: [] as RowReason[], notes: [] as RowReason[], unreachable: [] as ImportSummary['unreachableFiles'], ids: [] as ExternalId[] }
  const built: BuiltReport[] = []
  for (const row of rows) {
    const b = buildReport(ctx, cls, row, usersClass, photoUrls.get(row.objectId) ?? [])
    if ('refused' in b) {
      out.refusals.push({ ref: row.objectId, reason: b.refused })
      continue
    }
    built.push(b)
    out.created++
    if (b.note) out.notes.push({ ref: row.objectId, reason: b.note })
    out.ids.push({ objectId: row.objectId, targetTable: 'reports', targetId: b.row.id })
    for (const u of (b.event.details.unreachablePhotos as { url: string; reason: string }[]) ?? []) out.unreachable.push({ ref: `${cls.class} ${row.objectId}`, url: u.url, reason: u.reason })
  }
  await writeReports(ctx.tx, built, ctx.now)
  return out
}

function importRow(ctx: RowContext, cls: TClassMapping, row: LcRow, usersClass: string, photoUrls: string[]): Promise<RowOutcome> {
  switch (cls.kind) {
    case 'users':
      return importUser(ctx, cls, row)
    case 'reports':
      return importReport(ctx, cls, row, usersClass, photoUrls)
    case 'points_history':
      return importPointsHistory(ctx, cls, row, usersClass)
    case 'points_balance':
      return importPointsBalance(ctx, cls, row, usersClass)
    case 'volunteer_hours':
      return importHours(ctx, cls, row, usersClass)
    case 'checkup_bookings':
      return importCheckupBooking(ctx, cls, row, usersClass)
  }
}
