import { signSession } from '../../cloud/platform/auth'
import { newId } from '../../cloud/platform/ids'
import type { TestContext } from '../helpers/app'

/** Test helpers for 议事协商 (not a test file: no describe here). */

export async function unitId(c: TestContext, name: string): Promise<string> {
  return (await c.db.kysely.selectFrom('org_units').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id
}

export interface Person {
  id: string
  token: string
  houseId: string | null
}

/**
 * n residents of a community (resident role recorded at `at`, default an hour before now), each with a
 * session token; with `perHouse`, grouped into houses of that many members (the first one the owner)
 * under `houseUnit` with floor area `area` (a function of the house number).
 */
export async function makeResidents(
  c: TestContext,
  n: number,
  opts: { community?: string; prefix?: string; at?: Date; perHouse?: number; houseUnit?: string; area?: (house: number) => number | null } = {},
): Promise<Person[]> {
  const community = await unitId(c, opts.community ?? '东湖社区')
  const at = opts.at ?? new Date(c.clock.now().getTime() - 3_600_000)
  const prefix = opts.prefix ?? `议事${Math.floor(Math.random() * 1e6)}`
  const users = Array.from({ length: n }, (_, i) => ({ id: newId(), name: `${prefix}居民${i}`, community_id: community, created_at: at }))
  const db = c.db.kysely
  for (let i = 0; i < users.length; i += 500) {
    await db
      .insertInto('users')
      .values(users.slice(i, i + 500))
      .execute()
    await db
      .insertInto('role_assignments')
      .values(users.slice(i, i + 500).map((u) => ({ id: newId(), user_id: u.id, role: 'resident', org_unit_id: community, created_at: at })))
      .execute()
  }
  const houseOf: (string | null)[] = users.map(() => null)
  if (opts.perHouse) {
    const houseUnit = opts.houseUnit ? await unitId(c, opts.houseUnit) : community
    for (let h = 0; h * opts.perHouse < n; h++) {
      const id = newId()
      const area = opts.area ? opts.area(h) : null
      await db
        .insertInto('houses')
        .values({ id, org_unit_id: houseUnit, label: `${prefix}-${h + 1}室`, floor_area: area, created_at: at })
        .execute()
      for (let m = 0; m < opts.perHouse && h * opts.perHouse + m < n; m++) {
        const i = h * opts.perHouse + m
        houseOf[i] = id
        await db
          .insertInto('house_members')
          .values({ house_id: id, user_id: users[i].id, is_owner: m === 0, created_at: at })
          .execute()
      }
    }
  }
  const secret = c.deps.config.jwtSecret
  return Promise.all(users.map(async (u, i) => ({ id: u.id, token: (await signSession(u.id, secret, c.clock.now(), 30)).token, houseId: houseOf[i] })))
}

export function voteBody(orgUnitId: string, over: Record<string, unknown> = {}) {
  return {
    orgUnitId,
    title: '小区停车方案表决',
    options: [{ label: '同意' }, { label: '不同意' }, { label: '弃权' }],
    kind: 'single',
    electorate: 'residents',
    secret: true,
    opensAt: '2026-11-27T04:00:00Z',
    closesAt: '2026-12-04T04:00:00Z',
    ...over,
  }
}
