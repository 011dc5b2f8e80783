import { escapeCell } from '../../cloud/platform/xlsx'
import { checkPasswordPolicy, generateOneTimePassword } from '../../cloud/admin/password-policy'
import { canGrant } from '../../cloud/admin/admin.policy'
import type { Actor } from '../../cloud/org/org.policy'

describe('admin rules', () => {
  it('export cells that start with = + - @ are escaped; others stay', () => {
    expect(['=SUM(A1)', '+86', '-1', '@cmd', '\t=1', '张三', 12].map(escapeCell)).toEqual(["'=SUM(A1)", "'+86", "'-1", "'@cmd", "'\t=1", '张三', 12])
  })
  it('password policy: ≥ 10, not the username, not common (Chinese lists too)', () => {
    for (const bad of ['short', '12345678910', 'a123456789', 'qwertyuiop', 'password123', 'PASSWORD123', 'xx-admin01-xx', 'aaaaaaaaaaaa'])
      expect(() => checkPasswordPolicy(bad, 'admin01')).toThrow(expect.objectContaining({ code: 'PASSWORD_TOO_WEAK' }))
    expect(() => checkPasswordPolicy('Tianping-2026!', 'admin01')).not.toThrow()
    expect(() => checkPasswordPolicy(generateOneTimePassword(), 'admin01')).not.toThrow()
  })
  it('a 片区 lead grants roles inside the 片区 only, never the admin roles', () => {
    const lead: Actor = { userId: 'u', name: 'l', communityId: null, communityPath: null, roles: [{ role: 'cluster_lead', orgUnitId: 'c1', orgUnitName: '一片区', path: '/s/c1/' }] }
    expect(canGrant(lead, 'grid_worker', { kind: 'grid', path: '/s/c1/m/g/' })).toBe(true)
    expect(canGrant(lead, 'grid_worker', { kind: 'community', path: '/s/c1/m/' })).toBe(false)
    expect(canGrant(lead, 'community_staff', { kind: 'community', path: '/s/c2/m/' })).toBe(false)
    expect(canGrant(lead, 'cluster_lead', { kind: 'cluster', path: '/s/c1/' })).toBe(false)
    expect(canGrant(lead, 'street_admin', { kind: 'street', path: '/s/' })).toBe(false)
    const admin: Actor = { ...lead, roles: [{ role: 'street_admin', orgUnitId: 's', orgUnitName: '街道', path: '/s/' }] }
    expect(canGrant(admin, 'cluster_lead', { kind: 'cluster', path: '/s/c1/' })).toBe(true)
    expect(canGrant(admin, 'resident', { kind: 'community', path: '/s/c1/m/' })).toBe(false)
  })
})
