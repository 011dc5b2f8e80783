import { covers, requireScope, requireAnyRole, hasScope, isStaff, type Actor } from '../../cloud/org/org.policy'
import { AppError } from '../../cloud/platform/errors'

const street = '/s/'
const cluster = '/s/k1/'
const donghu = '/s/k1/c1/'
const gaoan = '/s/k1/c2/'
const wuzhong = '/s/k2/c3/'

function actor(roles: Actor['roles']): Actor {
  return { userId: 'u', name: 'x', communityId: null, communityPath: null, roles }
}

describe('org policy', () => {
  const staff = actor([{ role: 'community_staff', orgUnitId: 'c1', orgUnitName: '东湖社区', path: donghu }])
  const lead = actor([{ role: 'cluster_lead', orgUnitId: 'k1', orgUnitName: '第一片区', path: cluster }])

  it('a role covers its own unit and everything below it, nothing beside it', () => {
    expect(covers(staff.roles[0], donghu)).toBe(true)
    expect(covers(staff.roles[0], `${donghu}g1/`)).toBe(true)
    expect(covers(staff.roles[0], gaoan)).toBe(false)
    expect(covers(staff.roles[0], street)).toBe(false)
  })

  it('a 片区 lead reaches every community of the cluster but not the next cluster', () => {
    expect(hasScope(lead, ['cluster_lead'], gaoan)).toBe(true)
    expect(hasScope(lead, ['cluster_lead'], wuzhong)).toBe(false)
  })

  it('outside the scope is 404 (the thing does not exist for this caller), not 403', () => {
    expect(() => requireScope(staff, ['community_staff'], gaoan)).toThrow(AppError)
    try {
      requireScope(staff, ['community_staff'], gaoan, 'USER_NOT_FOUND')
    } catch (e) {
      expect((e as AppError).status).toBe(404)
      expect((e as AppError).code).toBe('USER_NOT_FOUND')
    }
    expect(requireScope(staff, ['community_staff'], donghu).orgUnitId).toBe('c1')
  })

  it('the right unit with the wrong role is still not found', () => {
    expect(() => requireScope(staff, ['health_staff'], donghu)).toThrow(expect.objectContaining({ status: 404 }))
    expect(() => requireScope(staff, ['community_staff'], null)).toThrow(expect.objectContaining({ status: 404 }))
  })

  it('role checks without a target are 403', () => {
    const resident = actor([{ role: 'resident', orgUnitId: 'c1', orgUnitName: '东湖社区', path: donghu }])
    expect(() => requireAnyRole(resident, ['community_staff'])).toThrow(expect.objectContaining({ status: 403 }))
    expect(isStaff(resident)).toBe(false)
    expect(isStaff(staff)).toBe(true)
  })
})
