import type { Kdb } from '../db/db'
import type { DemoWorld } from '../db/seed/world'
import { newId } from '../platform/ids'
import { ensureResidentAccount, ensureSystemAccount, slotOf } from './repository/accounts'
import { insertEarning } from './repository/earnings'
import { insertGoods } from './repository/goods'
import { listRules } from './repository/rules'
import { credit } from './earn-points'

/** Demo 积分制 for 东湖社区: rules, a small shop, and points for 王芳 and 李强 posted through the ledger. */
export async function seedPoints(tx: Kdb, world: DemoWorld): Promise<void> {
  const community = world.communities['东湖社区'].id
  const now = world.now
  // the street's default rules were copied into 东湖社区 when the demo street was set up (cloud/admin/street-defaults.ts)
  const all = await listRules(tx, community, null)
  const byKind = async (kind: string) => {
    const row = all.find((r) => r.kind === kind)
    if (!row) throw new Error(`demo: no points rule ${kind}`)
    return row
  }
  const rules = {
    report: await byKind('valid_report'),
    volunteer: await byKind('volunteer_service'),
    sorting: await byKind('garbage_sorting'),
    help: await byKind('neighbour_help'),
  }
  const goods = (name: string, price: number, stock: number, kind: 'goods' | 'property_voucher' | 'service', limit: number | null, description: string) =>
    insertGoods(tx, community, { name, description, photo_url: null, kind, price, stock, per_person_limit: limit, active_from: null, active_until: null, active: true }, now)
  await goods('洗衣液 2kg', 30, 20, 'goods', 2, '社区服务中心一楼领取')
  await goods('东北大米 5kg', 50, 10, 'goods', 1, '社区服务中心一楼领取')
  await goods('物业费抵扣券 20 元', 20, 100, 'property_voucher', 3, '在物业服务中心缴费时使用')
  await goods('理发服务 1 次', 15, 30, 'service', null, '每周三上午，社区活动室')

  const earn = async (phone: string, r: Awaited<ReturnType<typeof byKind>>, n: number) => {
    const userId = world.users[phone]
    const accountId = await ensureResidentAccount(tx, community, userId, now)
    const issuingId = await ensureSystemAccount(tx, community, 'issuing', slotOf(userId), now)
    for (let i = 0; i < n; i++) {
      const id = newId()
      await insertEarning(tx, { id, communityId: community, userId, ruleId: r.id, sourceType: 'seed', sourceId: `${phone}:${r.kind}:${i}`, status: 'capped', note: '演示数据', now })
      await credit(tx, now, { earningId: id, accountId, issuingId, communityId: community, userId, rule: r, fromStatus: 'capped', decidedBy: null })
    }
  }
  await earn('13800000001', rules.volunteer, 3)
  await earn('13800000001', rules.report, 2)
  await earn('13800000001', rules.help, 1)
  await earn('13800000002', rules.volunteer, 6)
  await earn('13800000002', rules.sorting, 1)
}
