import type { AppDeps } from '../platform/context'
import type { TImportBoundariesRequest, TImportBoundariesResponse } from '../../types/boundaries'
import { setupScopes, type Actor } from './org.policy'
import { AppError } from '../platform/errors'
import { boundaryUnitsUnder, gridsOf, insertAudit, storedBoundaries, writeBoundary, type BoundaryUnit } from './boundaries.repository'
import { AREA_TOLERANCE_M2, formatArea, overlapArea, parseGeometry, selfIntersection, toStoredCrs, uncoveredArea, type Geometry } from './geometry'

type Problem = TImportBoundariesResponse['problems'][number]

/**
 * A street's 网格 map from the 城运中心 (a GeoJSON FeatureCollection) onto its grids and
 * communities: features are matched by properties.name (properties.parent — the community or
 * 片区 name — when names repeat) within the caller's scope. A dry run reports what matches, bad
 * geometry (blocking), overlaps between sibling grids and gaps (warnings: real maps have slivers).
 * A commit writes everything in one transaction, or nothing when anything is unmatched or blocking.
 */
export async function importBoundaries(deps: AppDeps, actor: Actor, input: TImportBoundariesRequest): Promise<TImportBoundariesResponse> {
  const db = deps.db.kysely
  const units = await boundaryUnitsUnder(db, setupScopes(actor))
  const byName = new Map<string, BoundaryUnit[]>()
  for (const u of units) byName.set(u.name, [...(byName.get(u.name) ?? []), u])

  const matched: TImportBoundariesResponse['matched'] = []
  const unmatched: string[] = []
  const problems: Problem[] = []
  const incoming = new Map<string, { unit: BoundaryUnit; geometry: Geometry; label: string }>()

  input.collection.features.forEach((f, i) => {
    const name = typeof f.properties?.name === 'string' ? f.properties.name.trim() : ''
    const parent = typeof f.properties?.parent === 'string' ? f.properties.parent.trim() : ''
    const label = name || `第 ${i + 1} 个边界`
    if (!name) return problems.push({ name: label, problem: '缺少 properties.name（网格或社区的名称）', blocking: true })
    const candidates = (byName.get(name) ?? []).filter((u) => !parent || u.parentName === parent)
    if (candidates.length === 0) return unmatched.push(parent ? `${parent} / ${name}` : name)
    if (candidates.length > 1) {
      return problems.push({ name: label, problem: `有 ${candidates.length} 个同名单位，请在 properties.parent 写上所属社区或片区的名称`, blocking: true })
    }
    const unit = candidates[0]
    if (incoming.has(unit.id)) return problems.push({ name: label, problem: '文件里有两个同名边界，请只保留一个', blocking: true })
    const parsed = parseGeometry(f.geometry)
    if ('problem' in parsed) return problems.push({ name: label, problem: parsed.problem, blocking: true })
    const geometry = toStoredCrs(parsed.geometry, input.crs)
    const kink = selfIntersection(geometry)
    if (kink) return problems.push({ name: label, problem: kink, blocking: true })
    incoming.set(unit.id, { unit, geometry, label })
    matched.push({ name, orgUnitId: unit.id, kind: unit.kind, parentName: unit.parentName })
  })

  problems.push(...(await layoutProblems(deps, [...incoming.values()])))

  const blocked = unmatched.length > 0 || problems.some((p) => p.blocking)
  const preview = [...incoming.values()].map((v) => ({ name: v.unit.name, kind: v.unit.kind, geometry: v.geometry }))
  const result: TImportBoundariesResponse = { dryRun: input.dryRun, matched, unmatched, problems, preview }
  if (input.dryRun) return result
  if (blocked) throw new AppError('BOUNDARY_IMPORT_REFUSED', { matched, unmatched, problems })
  const now = deps.clock.now()
  await db.transaction().execute(async (tx) => {
    for (const v of incoming.values()) {
      await writeBoundary(tx, { unitId: v.unit.id, path: v.unit.path, geometry: v.geometry, crs: input.crs, actorId: actor.userId, now })
    }
    await insertAudit(tx, { actorId: actor.userId, action: 'org.boundaries_imported', details: { crs: input.crs, units: matched.map((m) => m.orgUnitId) }, now })
  })
  return result
}

/**
 * Overlaps between sibling grids, grids reaching outside their community, and parts of a
 * community in no grid — with the new boundaries in place of the stored ones.
 */
async function layoutProblems(deps: AppDeps, incoming: { unit: BoundaryUnit; geometry: Geometry; label: string }[]): Promise<Problem[]> {
  const db = deps.db.kysely
  const communityIds = new Set<string>()
  for (const v of incoming) communityIds.add(v.unit.kind === 'grid' ? v.unit.parentId! : v.unit.id)
  const grids = await gridsOf(db, [...communityIds])
  const stored = await storedBoundaries(db, [...communityIds, ...grids.map((g) => g.id)])
  const fresh = new Map(incoming.map((v) => [v.unit.id, v.geometry]))
  const shape = (id: string) => fresh.get(id) ?? stored.get(id)
  const problems: Problem[] = []
  for (const communityId of communityIds) {
    const siblings = grids.filter((g) => g.parentId === communityId && shape(g.id))
    for (let i = 0; i < siblings.length; i++) {
      for (let j = i + 1; j < siblings.length; j++) {
        const [a, b] = [siblings[i], siblings[j]]
        if (!fresh.has(a.id) && !fresh.has(b.id)) continue
        const m2 = overlapArea(shape(a.id)!, shape(b.id)!)
        if (m2 > AREA_TOLERANCE_M2) problems.push({ name: a.name, problem: `与「${b.name}」重叠约 ${formatArea(m2)}`, blocking: false })
      }
    }
    const community = shape(communityId)
    if (!community) continue
    for (const g of siblings) {
      if (!fresh.has(g.id)) continue
      const outside = uncoveredArea(shape(g.id)!, [community])
      if (outside > AREA_TOLERANCE_M2) problems.push({ name: g.name, problem: `有约 ${formatArea(outside)} 在所属社区的边界之外`, blocking: false })
    }
    const gap = uncoveredArea(
      community,
      siblings.map((g) => shape(g.id)!),
    )
    if (gap > AREA_TOLERANCE_M2) {
      const name = incoming.find((v) => v.unit.id === communityId)?.unit.name ?? incoming.find((v) => v.unit.parentId === communityId)!.unit.parentName!
      problems.push({ name, problem: `社区内约 ${formatArea(gap)} 不属于任何网格（空隙）`, blocking: false })
    }
  }
  return problems
}
