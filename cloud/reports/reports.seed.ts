import type { Kdb } from '../db/db'
import { COMMUNITY_ORDER, DEMO_STREET_BOX, type DemoWorld } from '../db/seed/world'
import { REPORT_CATEGORIES, type TCategoryCode, type TReportStatus } from '../../types/reports'
import { addMinutes } from '../platform/clock'
import { newId } from '../platform/ids'
import { scheduleJob } from '../platform/jobs'
import { insertEvent, nextReportNumber } from './repository/reports'
import { escalationJob } from './escalate-overdue-report'
import { hashKey } from '../open311'
import { DEMO_OPEN311_KEY } from '../open311'

/**
 * 天平街道 (Xuhui, Shanghai) as boxes: the street ~31.195–31.215 N, 121.430–121.455 E; each
 * community a north–south strip 0.005° wide, its 第一网格 the north half and 第二网格 the south half.
 */

export function demoGridCentre(community: string, grid: '第一网格' | '第二网格'): { lat: number; lng: number } {
  const i = COMMUNITY_ORDER.indexOf(community)
  return { lat: grid === '第一网格' ? 31.21 : 31.2, lng: 121.4325 + 0.005 * i }
}

export async function seedReports(tx: Kdb, world: DemoWorld): Promise<void> {
  const box = DEMO_STREET_BOX
  const geo = (id: string, minLat: number, maxLat: number, minLng: number, maxLng: number) =>
    tx
      .insertInto('org_unit_geo')
      .values({ org_unit_id: id, min_lat: minLat, max_lat: maxLat, min_lng: minLng, max_lng: maxLng, center_lat: (minLat + maxLat) / 2, center_lng: (minLng + maxLng) / 2 })
      .execute()
  await geo(world.street.id, box.minLat, box.maxLat, box.minLng, box.maxLng)
  for (const [i, name] of COMMUNITY_ORDER.entries()) {
    const minLng = box.minLng + 0.005 * i
    await geo(world.communities[name].id, box.minLat, box.maxLat, minLng, minLng + 0.005)
    await geo(world.grids[`${name}第一网格`].id, 31.205, box.maxLat, minLng, minLng + 0.005)
    await geo(world.grids[`${name}第二网格`].id, box.minLat, 31.205, minLng, minLng + 0.005)
  }
  // category settings (time limits, departments) come with the street: cloud/admin/street-defaults.ts

  // Open311: requests from outside systems are filed by a service account of the street (demo key only in demo mode)
  const open311User = newId()
  await tx.insertInto('users').values({ id: open311User, name: '开放接口（Open311）', demo_account: true, created_at: world.now }).execute()
  await tx
    .insertInto('open311_keys')
    .values({ key_hash: hashKey(DEMO_OPEN311_KEY), street_id: world.street.id, user_id: open311User, label: '演示 api_key', created_at: world.now })
    .execute()

  // a handful of 东湖社区 reports in different states, so 工作台 shows a queue
  const grid = world.grids['东湖社区第一网格']
  const reporter = world.users['13800000001']
  const gridWorker = world.users['grid01']
  const staff = world.users['staff01']
  const at = (minutesAgo: number) => addMinutes(world.now, -minutesAgo)
  const demo: { category: TCategoryCode; text: string; status: TReportStatus; ago: number; dLat: number; extra?: Record<string, unknown> }[] = [
    { category: 'sanitation', text: '东湖路 17 弄门口垃圾桶满了两天没人清运，有异味', status: 'submitted', ago: 30, dLat: 0.001 },
    { category: 'municipal', text: '东湖路人行道有一块地砖松动，老人容易绊倒', status: 'accepted', ago: 300, dLat: 0.002 },
    { category: 'greenery', text: '小区门口的行道树枝条垂得很低，挡住了路灯', status: 'assigned', ago: 1500, dLat: -0.001 },
    { category: 'street_vending', text: '东湖路菜场门口有流动摊贩占用盲道', status: 'dispatched', ago: 2000, dLat: 0.003 },
    { category: 'noise', text: '晚上十点后楼下商铺音响声音很大', status: 'resolved', ago: 4000, dLat: -0.002 },
    { category: 'property', text: '9 弄 3 号楼道灯坏了，晚上很黑', status: 'closed', ago: 9000, dLat: 0.0005 },
  ]
  for (const d of demo) {
    const category = REPORT_CATEGORIES.find((c) => c.code === d.category)!
    const id = newId()
    const created = at(d.ago)
    const deadline = addMinutes(created, category.limitMinutes)
    const number = await nextReportNumber(tx, created)
    const department = d.status === 'dispatched' ? world.departments['城管中队'].id : null
    await tx
      .insertInto('reports')
      .values({
        id,
        number,
        category: d.category,
        description: d.text,
        lat: 31.21 + d.dLat,
        lng: 121.4325 + d.dLat / 2,
        address: '东湖路附近',
        reporter_id: reporter,
        anonymous: true,
        street_id: world.street.id,
        community_id: world.communities['东湖社区'].id,
        grid_id: grid.id,
        scope_path: grid.path,
        assignee_id: d.status === 'assigned' ? gridWorker : null,
        department_id: department,
        dispatched_from: department ? 'community' : null,
        status: d.status,
        limit_minutes: category.limitMinutes,
        deadline_at: deadline,
        merged_into: null,
        reject_reason: null,
        resolution_note: ['resolved', 'closed'].includes(d.status) ? '已处理完毕' : null,
        resolved_at: ['resolved', 'closed'].includes(d.status) ? at(d.ago - 600) : null,
        closed_at: d.status === 'closed' ? at(d.ago - 1200) : null,
        rating: d.status === 'closed' ? 5 : null,
        rating_comment: null,
        created_at: created,
        updated_at: created,
      })
      .execute()
    await insertEvent(tx, { reportId: id, actorId: reporter, actorRole: 'reporter', action: 'submit', from: null, to: 'submitted', level: 'grid', now: created })
    const path: [string, TReportStatus, string, string][] = []
    if (d.status !== 'submitted') path.push(['accept', 'accepted', gridWorker, 'grid_worker'])
    if (d.status === 'assigned') path.push(['assign', 'assigned', staff, 'community_staff'])
    if (d.status === 'dispatched') path.push(['dispatch', 'dispatched', staff, 'community_staff'])
    if (['resolved', 'closed'].includes(d.status)) path.push(['start', 'in_progress', gridWorker, 'grid_worker'], ['resolve', 'resolved', gridWorker, 'grid_worker'])
    if (d.status === 'closed') path.push(['confirm', 'closed', reporter, 'reporter'])
    let from: TReportStatus = 'submitted'
    for (const [i, [action, to, actor, role]] of path.entries()) {
      await insertEvent(tx, { reportId: id, actorId: actor, actorRole: role, action, from, to, level: 'grid', now: addMinutes(created, 10 * (i + 1)) })
      from = to
    }
    if (!['resolved', 'closed'].includes(d.status)) await scheduleJob(tx, escalationJob(id, 0, deadline), world.now)
  }
}
