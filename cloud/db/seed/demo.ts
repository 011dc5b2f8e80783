import type { Kdb } from '../db'
import { newId } from '../../platform/ids'
import { hashPassword } from '../../platform/auth'
import { hashIdNumber, maskIdNumber } from '../../platform/privacy'
import type { TRole } from '../../../types/org'
import type { DemoSeeder, DemoWorld, Unit } from './world'

/** Demo logins (shared/DESIGN.md, "Fixed names"); README lists the same. */
export const DEMO_PASSWORD = 'demo1234'
export const DEMO_SMS_CODE = '123456'
export const DEMO_LOGINS = [
  { who: '居民 王芳', login: '手机 13800000001' },
  { who: '志愿者 李强（也是居民）', login: '手机 13800000002' },
  { who: '女儿 陈静（在外地，已绑定父亲 陈国华，78 岁，无手机）', login: '手机 13800000003' },
  { who: '老人 赵秀英（72 岁，长辈模式）', login: '手机 13800000004' },
  { who: '网格员', login: '工作人员 grid01' },
  { who: '社区工作人员', login: '工作人员 staff01' },
  { who: '片区负责人', login: '工作人员 lead01' },
  { who: '部门工作人员（城管）', login: '工作人员 dept01' },
  { who: '卫生服务中心', login: '工作人员 health01' },
  { who: '街道管理员', login: '工作人员 admin01' },
]

const STREET = '天平街道'
const CLUSTERS: Record<string, string[]> = {
  天平第一片区: ['东湖社区', '高安社区', '建新社区'],
  天平第二片区: ['乌中社区', '永嘉社区'],
}
const DEPARTMENTS = ['城管中队', '水务所', '绿化市容所', '物业管理办公室']

/**
 * Seeds one street on an empty database: the organisation, the demo people and the family link,
 * then each of `seeders` in order, all in one transaction. Returns false (and does nothing) if any
 * org exists. The list of domain seeders is cloud/entry/demo-seed.ts, so db/ imports no domain.
 */
export async function seedDemoStreet(db: Kdb, now: Date, idPepper: string, seeders: readonly DemoSeeder[]): Promise<boolean> {
  const existing = await db.selectFrom('org_units').select('id').limit(1).executeTakeFirst()
  if (existing) return false
  const passwordHash = await hashPassword(DEMO_PASSWORD)
  await db.transaction().execute(async (tx) => {
    const unit = async (kind: 'street' | 'cluster' | 'community' | 'grid' | 'department', name: string, parent?: { id: string; path: string }): Promise<Unit> => {
      const id = newId()
      const path = `${parent?.path ?? '/'}${id}/`
      await tx
        .insertInto('org_units')
        .values({ id, kind, name, parent_id: parent?.id ?? null, path })
        .execute()
      return { id, path, name }
    }
    const street = await unit('street', STREET)
    const communities: Record<string, Unit> = {}
    const grids: Record<string, Unit> = {}
    const clusters: Record<string, Unit> = {}
    for (const [clusterName, names] of Object.entries(CLUSTERS)) {
      const cluster = await unit('cluster', clusterName, street)
      clusters[clusterName] = cluster
      for (const name of names) {
        const community = await unit('community', name, cluster)
        communities[name] = community
        for (const g of ['第一网格', '第二网格']) grids[`${name}${g}`] = await unit('grid', `${name}${g}`, community)
      }
    }
    const departments: Record<string, Unit> = {}
    const users: Record<string, string> = {}
    for (const name of DEPARTMENTS) departments[name] = await unit('department', name, street)

    const person = async (p: {
      name: string
      phone?: string
      username?: string
      birthDate?: string
      community?: string
      idNumber?: string
      address?: string
      elderMode?: boolean
      registeredBy?: string
      roles: [TRole, { id: string }][]
    }) => {
      const id = newId()
      await tx
        .insertInto('users')
        .values({
          id,
          name: p.name,
          phone: p.phone ?? null,
          username: p.username ?? null,
          password_hash: p.username ? passwordHash : null,
          birth_date: p.birthDate ?? null,
          community_id: p.community ? communities[p.community].id : null,
          id_number_masked: p.idNumber ? maskIdNumber(p.idNumber) : null,
          id_number_hash: p.idNumber ? hashIdNumber(p.idNumber, idPepper) : null,
          address: p.address ?? null,
          elder_mode: p.elderMode ?? false,
          registered_by: p.registeredBy ?? null,
          demo_account: true,
          created_at: now,
        })
        .execute()
      users[p.phone ?? p.username ?? p.name] = id
      for (const [role, org] of p.roles) {
        await tx.insertInto('role_assignments').values({ id: newId(), user_id: id, role, org_unit_id: org.id, created_at: now }).execute()
      }
      return id
    }
    const donghu = communities['东湖社区']
    await person({ name: '王芳', phone: '13800000001', birthDate: '1986-04-12', community: '东湖社区', address: '东湖路 17 弄', roles: [['resident', donghu]] })
    await person({
      name: '李强',
      phone: '13800000002',
      birthDate: '1991-09-03',
      community: '东湖社区',
      address: '东湖路 33 弄',
      roles: [
        ['resident', donghu],
        ['volunteer', donghu],
      ],
    })
    const daughter = await person({ name: '陈静', phone: '13800000003', birthDate: '1975-02-08', roles: [] })
    await person({ name: '赵秀英', phone: '13800000004', birthDate: '1954-06-20', community: '东湖社区', address: '东湖路 9 弄 3 号', elderMode: true, roles: [['resident', donghu]] })
    await person({ name: '张伟', username: 'grid01', roles: [['grid_worker', grids['东湖社区第一网格']]] })
    const staff = await person({ name: '刘敏', username: 'staff01', roles: [['community_staff', donghu]] })
    await person({ name: '周建国', username: 'lead01', roles: [['cluster_lead', clusters['天平第一片区']]] })
    await person({ name: '孙浩', username: 'dept01', roles: [['department_staff', departments['城管中队']]] })
    await person({ name: '吴丽华', username: 'health01', roles: [['health_staff', street]] })
    await person({ name: '郑志明', username: 'admin01', roles: [['street_admin', street]] })
    // 陈国华 has no phone: registered at the counter by staff01, his daughter bound with the elder present
    const father = await person({
      name: '陈国华',
      birthDate: '1948-03-15',
      community: '东湖社区',
      idNumber: '31010419480315123X',
      address: '东湖路 9 弄 12 号',
      elderMode: true,
      registeredBy: staff,
      roles: [['resident', donghu]],
    })
    await tx
      .insertInto('family_links')
      .values({
        id: newId(),
        elder_id: father,
        member_id: daughter,
        relation: 'child',
        scopes: ['book_checkups', 'request_services', 'view_hours', 'receive_notices'],
        status: 'active',
        requested_at: now,
        confirmed_at: now,
        confirmed_by: staff,
        confirmed_via: 'counter',
      })
      .execute()
    await tx
      .insertInto('audit_log')
      .values({ id: newId(), actor_id: staff, subject_id: father, action: 'family.confirmed_at_counter', details: JSON.stringify({ elderPresent: true, seed: true }), created_at: now })
      .execute()
    const world: DemoWorld = { now, street, clusters, communities, grids, departments, users }
    for (const seed of seeders) await seed(tx, world)
  })
  return true
}
