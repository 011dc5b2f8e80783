import type { TOrgTreeNode, TStaffView, TStreetSettings, TAuditEntry, TCreateStaffRequest, TUpdateStaffRequest, TSaveStreetSettingsRequest } from '../../types/admin'
import type { TOrgKind } from '../../types/org'
import { getToken } from './session'
import { onSessionError } from './client'
import { downloadFromApi } from './download'
import { send, type Method } from './transport'
import type { Page } from './client'

async function call<T>(method: Method, path: string, opts: { body?: unknown; query?: Record<string, string | number | undefined> } = {}): Promise<T> {
  const token = getToken()
  try {
    return await send<T>({ method, path, query: opts.query, body: opts.body, headers: token ? { Authorization: `Bearer ${token}` } : {} })
  } catch (e) {
    onSessionError(e, token)
    throw e
  }
}

export interface OneTimePassword {
  id: string
  username: string
  oneTimePassword: string
}

/** 管理 (admin console): street admin for the street, 片区 lead for the 片区. */
export const adminApi = {
  changePassword: (currentPassword: string, newPassword: string) => call<{ ok: true; token: string }>('POST', '/auth/staff/password', { body: { currentPassword, newPassword } }),
  orgUnits: () => call<{ items: TOrgTreeNode[] }>('GET', '/admin/org-units'),
  createOrgUnit: (kind: Exclude<TOrgKind, 'street'>, name: string, parentId: string) => call<{ id: string }>('POST', '/admin/org-units', { body: { kind, name, parentId } }),
  updateOrgUnit: (id: string, patch: { name?: string; parentId?: string; closed?: boolean }) => call<{ id: string }>('PATCH', `/admin/org-units/${id}`, { body: patch }),
  staff: (query: { q?: string; role?: string; status?: string; cursor?: string }) => call<Page<TStaffView>>('GET', '/admin/staff', { query }),
  createStaff: (body: TCreateStaffRequest) => call<OneTimePassword>('POST', '/admin/staff', { body }),
  updateStaff: (id: string, body: TUpdateStaffRequest) => call<TStaffView>('PATCH', `/admin/staff/${id}`, { body }),
  resetPassword: (id: string) => call<OneTimePassword>('POST', `/admin/staff/${id}/reset-password`),
  setDisabled: (id: string, disabled: boolean) => call<{ id: string; disabled: boolean }>('POST', `/admin/staff/${id}/${disabled ? 'disable' : 'enable'}`),
  unlock: (id: string) => call<{ id: string }>('POST', `/admin/staff/${id}/unlock`),
  settings: () => call<TStreetSettings & { canEdit: boolean }>('GET', '/admin/settings'),
  saveSettings: (body: TSaveStreetSettingsRequest) => call<TStreetSettings>('PUT', '/admin/settings', { body }),
  audit: (query: { action?: string; from?: string; to?: string; cursor?: string }) => call<Page<TAuditEntry>>('GET', '/admin/audit', { query }),
  exportAudit: (query: { action?: string; from?: string; to?: string }) => {
    const qs = Object.entries(query).filter(([, v]) => v).map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`).join('&')
    return downloadFromApi(`/api/v1/admin/audit/export${qs ? `?${qs}` : ''}`, '操作日志.xlsx')
  },
}
