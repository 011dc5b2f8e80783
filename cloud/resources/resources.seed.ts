import type { Kdb } from '../db/db'
import type { DemoWorld } from '../db/seed/world'
import { newId } from '../platform/ids'
import type { TSaveResource } from '../../types/resources'
import { insertResource } from './repository/resources'

/** The demo's 乌中 resident, who books 东湖's activity room across communities. */
export const DEMO_WUZHONG_PHONE = '13800000019'

const RESOURCES: (Omit<TSaveResource, 'communityId' | 'description' | 'rules' | 'address' | 'photos' | 'openFrom' | 'openUntil' | 'maxMinutes'> & {
  community: string
  description: string
  rules: string
  address: string
})[] = [
  {
    community: '东湖社区',
    kind: 'room',
    name: '东湖二楼活动室',
    capacity: 30,
    audience: 'street',
    needsApproval: true,
    address: '东湖路 17 弄 2 号 2 楼',
    description: '30 人，有投影和白板，适合讲座、兴趣小组、居民议事。',
    rules: '用后请关灯关空调、桌椅归位；不得明火；22:00 前离开。',
  },
  {
    community: '东湖社区',
    kind: 'room',
    name: '东湖议事厅',
    capacity: 15,
    audience: 'own',
    needsApproval: true,
    address: '东湖路 17 弄 1 号',
    description: '本社区居民议事、楼组长会议。',
    rules: '仅限东湖社区居民。',
  },
  {
    community: '东湖社区',
    kind: 'equipment',
    name: '轮椅（借用）',
    capacity: 3,
    audience: 'street',
    needsApproval: false,
    address: '东湖社区服务站',
    description: '折叠轮椅 3 台，看病、出行临时借用。',
    rules: '凭预约二维码领取，按时归还。',
  },
  {
    community: '高安社区',
    kind: 'hall',
    name: '高安多功能礼堂',
    capacity: 120,
    audience: 'organisations',
    needsApproval: true,
    address: '高安路 8 号',
    description: '120 座，有舞台音响，供社会组织演出、培训。',
    rules: '以登记的社会组织名义预约。',
  },
  {
    community: '乌中社区',
    kind: 'court',
    name: '乌中篮球场',
    capacity: 20,
    audience: 'street',
    needsApproval: false,
    address: '乌中路 30 号',
    description: '半场篮球场，夜间有灯。',
    rules: '穿运动鞋，21:00 后请保持安静。',
  },
  {
    community: '永嘉社区',
    kind: 'equipment',
    name: '折叠桌椅（套）',
    capacity: 10,
    audience: 'street',
    needsApproval: false,
    address: '永嘉社区服务站',
    description: '一套 = 1 张桌 + 4 把椅，楼道活动、义诊摆摊用。',
    rules: '自行搬运，当天归还。',
  },
]

/**
 * Demo 资源共享 and 社会组织: rooms, a hall, a court and equipment to lend across the street; 马红,
 * a resident of 乌中社区 (13800000019); and a verified volunteer team in 东湖社区 led by 李强 with
 * 王芳 and 赵秀英 as members.
 */
export async function seedResources(tx: Kdb, world: DemoWorld): Promise<void> {
  const now = world.now
  const staff = world.users['staff01']
  for (const r of RESOURCES) {
    const { community, ...values } = r
    await insertResource(tx, { ...values, photos: [], openFrom: '08:00', openUntil: '21:00', maxMinutes: 240, id: newId(), communityId: world.communities[community].id, createdBy: staff, now })
  }
  const wuzhong = world.communities['乌中社区']
  const ma = newId()
  await tx
    .insertInto('users')
    .values({ id: ma, name: '马红', phone: DEMO_WUZHONG_PHONE, birth_date: '1990-03-15', community_id: wuzhong.id, address: '乌中路 12 弄', demo_account: true, created_at: now })
    .execute()
  await tx.insertInto('role_assignments').values({ id: newId(), user_id: ma, role: 'resident', org_unit_id: wuzhong.id, created_at: now }).execute()
  world.users[DEMO_WUZHONG_PHONE] = ma

  const org = newId()
  const leader = world.users['13800000002']
  await tx
    .insertInto('organisations')
    .values({
      id: org,
      host_community_id: world.communities['东湖社区'].id,
      name: '东湖红马甲志愿服务队',
      kind: 'volunteer',
      description: '助老、环境清洁、垃圾分类宣传，每周六上午活动。',
      status: 'verified',
      registered_by: leader,
      decided_by: staff,
      decided_at: now,
      created_at: now,
    })
    .execute()
  const members: [string, 'leader' | 'member'][] = [
    [leader, 'leader'],
    [world.users['13800000001'], 'member'],
    [world.users['13800000004'], 'member'],
  ]
  for (const [userId, role] of members) await tx.insertInto('organisation_members').values({ organisation_id: org, user_id: userId, role, added_by: leader, joined_at: now }).execute()
}
