import type { DemoSeeder } from '../db/seed/world'
import { newId } from '../platform/ids'

const DAY = 86_400_000

/**
 * 精准滴灌 demo: the 台账 flags 陈国华 and 赵秀英 as living alone (both booked or asked for help
 * lately, so they are off the list) and 钱桂兰 of 高安社区 as bed-bound with nobody in touch — she is on
 * 独居、卧床老人久未联系; 吴志刚 has been a volunteer of 东湖社区 for half a year without serving once
 * (90 天没有服务的志愿者).
 */
export const seedDashboard: DemoSeeder = async (tx, world) => {
  const staff = world.users['staff01']
  const profiles = [
    { user: world.users['陈国华'], contact: '女儿 陈静' },
    { user: world.users['13800000004'], contact: null },
  ].filter((p) => p.user)
  if (profiles.length) {
    await tx
      .insertInto('people_profiles')
      .values(profiles.map((p) => ({ user_id: p.user, lives_alone: true, disabled: false, emergency_contact: p.contact, source: 'counter', updated_by: staff, updated_at: world.now })))
      .onConflict((oc) => oc.column('user_id').doNothing())
      .execute()
  }
  const gaoan = world.communities['高安社区']
  const qian = newId()
  await tx.insertInto('users').values({ id: qian, name: '钱桂兰', birth_date: '1939-08-02', community_id: gaoan.id, address: '高安路 8 弄 12 号', demo_account: true, created_at: world.now }).execute()
  await tx
    .insertInto('people_profiles')
    .values({ user_id: qian, lives_alone: true, disabled: true, emergency_contact: '儿子 钱军', source: 'counter', updated_by: staff, updated_at: world.now })
    .execute()
  const donghu = world.communities['东湖社区']
  const since = new Date(world.now.getTime() - 180 * DAY)
  const volunteer = newId()
  await tx.insertInto('users').values({ id: volunteer, name: '吴志刚', community_id: donghu.id, address: '东湖路 23 弄', demo_account: true, created_at: since }).execute()
  await tx.insertInto('role_assignments').values({ id: newId(), user_id: volunteer, role: 'volunteer', org_unit_id: donghu.id, created_at: since }).execute()
}
