import type { TMeResponse } from '../../types'

/** A /me answer shaped by the contract (types/accounts.ts); the values are the demo resident's. */
export function meResponse(overrides: Partial<TMeResponse['user']> = {}, extra: Partial<TMeResponse> = {}): TMeResponse {
  return {
    user: {
      id: '0190aaaa-0000-7000-8000-000000000001',
      name: '王芳',
      phoneMasked: '138****0001',
      communityId: '0190aaaa-0000-7000-8000-0000000000c1',
      communityName: '幸福里社区',
      birthDate: null,
      age: null,
      elderMode: false,
      isStaff: false,
      ...overrides,
    },
    roles: [
      { role: 'resident', orgUnitId: '0190aaaa-0000-7000-8000-0000000000c1', orgUnitName: '幸福里社区' },
      { role: 'volunteer', orgUnitId: '0190aaaa-0000-7000-8000-0000000000c1', orgUnitName: '幸福里社区' },
    ],
    familyLinks: [],
    consents: [{ kind: 'privacy', version: '2026-01', acceptedAt: '2026-11-01T02:00:00.000Z', recordedBy: null }],
    pendingConsents: [],
    unreadNotices: 2,
    ...extra,
  }
}
