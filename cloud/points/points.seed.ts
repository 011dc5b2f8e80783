import type { Kdb } from '../db/db'
import type { DemoWorld } from '../db/seed/demo'
import { newId } from '../platform/ids'
import { ensureResidentAccount, ensureSystemAccount, insertEarning, insertGoods, insertRule, slotOf } from './points.repository'
import { credit } from './earn-points'

/** Demo 积分制 for 东湖社区: rules, a small shop, and points for 王芳 and 李强 posted through the ledger. */
export async function seedPoints(tx: Kdb, world: DemoWorld): Promise<void> {
  const community = world.communities['东湖社区'].id
  const staff = world.users['staff01']
  const now = world.now
  const rule = (kind: string, name: string, points: number, o: { review?: boolean; daily?: number; monthly?: number; description?: string } = {}) =>
    insertRule(
      tx,
      community,
      { kind, name, description: o.description ?? '', points, needs_review: o.review ?? false, daily_cap: o.daily ?? null, monthly_cap: o.monthly ?? null, active_from: null, active_until: null, active: true },
      staff,
      now,
    )
  const rules = {
    report: await rule('valid_report', '随手拍有效上报', 5, { daily: 10, description: '上报的问题被社区受理为有效，自动加分，每天最多 10 分' }),
    volunteer: await rule('volunteer_service', '志愿服务', 10, { review: true, monthly: 100, description: '参加社区志愿服务，提交后由社区审核' }),
    sorting: await rule('garbage_sorting', '垃圾分类打卡', 2, { daily: 2, description: '在分类投放点扫码打卡，每天 1 次' }),
    event: await rule('event_attendance', '参加社区活动', 5, { description: '活动现场扫码签到' }),
    help: await rule('neighbour_help', '邻里互助', 5, { review: true, monthly: 30, description: '帮助邻居，由社区核实后加分' }),
    suggestion: await rule('accepted_suggestion', '建议被采纳', 20, { review: true, description: '对社区的建议被采纳' }),
  }
  const goods = (name: string, price: number, stock: number, kind: 'goods' | 'property_voucher' | 'service', limit: number | null, description: string) =>
    insertGoods(tx, community, { name, description, photo_url: null, kind, price, stock, per_person_limit: limit, active_from: null, active_until: null, active: true }, now)
  await goods('洗衣液 2kg', 30, 20, 'goods', 2, '社区服务中心一楼领取')
  await goods('东北大米 5kg', 50, 10, 'goods', 1, '社区服务中心一楼领取')
  await goods('物业费抵扣券 20 元', 20, 100, 'property_voucher', 3, '在物业服务中心缴费时使用')
  await goods('理发服务 1 次', 15, 30, 'service', null, '每周三上午，社区活动室')

  const earn = async (phone: string, r: Awaited<ReturnType<typeof rule>>, n: number) => {
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
