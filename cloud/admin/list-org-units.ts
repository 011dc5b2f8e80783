import type { AppDeps } from '../platform/context'
import type { Actor } from '../org'
import type { TOrgTreeNode } from '../../types/admin'
import { adminPaths } from './admin.policy'
import { unitsUnder } from './repository/org-units'

/** The tree the caller administers: street → 片区 → 社区 → 网格, departments under the street; closed units included (history). */
export async function listOrgUnits(deps: AppDeps, actor: Actor): Promise<{ items: TOrgTreeNode[] }> {
  const paths = adminPaths(actor)
  const rows = await unitsUnder(deps.db.kysely, paths)
  const nodes = new Map<string, TOrgTreeNode>()
  for (const r of rows) {
    nodes.set(r.id, { id: r.id, kind: r.kind, name: r.name, parentId: r.parent_id, closedAt: r.closed_at?.toISOString() ?? null, staffCount: Number(r.staff_count ?? 0), children: [] })
  }
  const roots: TOrgTreeNode[] = []
  const order = { cluster: 0, community: 0, grid: 0, department: 1, street: 0 }
  for (const r of rows) {
    const node = nodes.get(r.id)!
    const parent = r.parent_id ? nodes.get(r.parent_id) : undefined
    if (parent) parent.children.push(node)
    else roots.push(node)
  }
  const sort = (list: TOrgTreeNode[]) => {
    // in the order they were set up (uuid v7 ids sort by time): 第一 before 第二, as the office lists them
    list.sort((a, b) => order[a.kind] - order[b.kind] || (a.id < b.id ? -1 : 1))
    for (const n of list) sort(n.children)
  }
  sort(roots)
  return { items: roots }
}
