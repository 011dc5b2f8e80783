import type { TOrgTreeNode, TStaffView, TStreetSettings, TAuditEntry, TCreateStaffRequest, TUpdateStaffRequest, TSaveStreetSettingsRequest } from '../../types/admin'
import type { TOrgKind } from '../../types/org'
import { request, type Page } from './client'
import { downloadFromApi } from './download'

export interface OneTimePassword {
  id: string
  username: string
  oneTimePassword: string
}

/** 管理 (admin console): street admin for the street, 片区 lead for the 片区. */
export const adminApi = {
  changePassword: (currentPassword: string, newPassword: string) => request<{ ok: true; token: string }>('POST', '/auth/staff/password', { body: { currentPassword, newPassword } }),
  orgUnits: () => request<{ items: TOrgTreeNode[] }>('GET', '/admin/org-units'),
  createOrgUnit: (kind: Exclude<TOrgKind, 'street'>, name: string, parentId: string) => request<{ id: string }>('POST', '/admin/org-units', { body: { kind, name, parentId } }),
  updateOrgUnit: (id: string, patch: { name?: string; parentId?: string; closed?: boolean }) => request<{ id: string }>('PATCH', `/admin/org-units/${id}`, { body: patch }),
  staff: (query: { q?: string; role?: string; status?: string; cursor?: string }) => request<Page<TStaffView>>('GET', '/admin/staff', { query }),
  createStaff: (body: TCreateStaffRequest) => request<OneTimePassword>('POST', '/admin/staff', { body }),
  updateStaff: (id: string, body: TUpdateStaffRequest) => request<TStaffView>('PATCH', `/admin/staff/${id}`, { body }),
  resetPassword: (id: string) => request<OneTimePassword>('POST', `/admin/staff/${id}/reset-password`),
  setDisabled: (id: string, disabled: boolean) => request<{ id: string; disabled: boolean }>('POST', `/admin/staff/${id}/${disabled ? 'disable' : 'enable'}`),
  unlock: (id: string) => request<{ id: string }>('POST', `/admin/staff/${id}/unlock`),
  settings: () => request<TStreetSettings & { canEdit: boolean }>('GET', '/admin/settings'),
  saveSettings: (body: TSaveStreetSettingsRequest) => request<TStreetSettings>('PUT', '/admin/settings', { body }),
  audit: (query: { action?: string; from?: string; to?: string; cursor?: string }) => request<Page<TAuditEntry>>('GET', '/admin/audit', { query }),
  exportAudit: (query: { action?: string; from?: string; to?: string }) => {
    const qs = Object.entries(query)
      .filter(([, v]) => v)
      .map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`)
      .join('&')
    return downloadFromApi(`/api/v1/admin/audit/export${qs ? `?${qs}` : ''}`, '操作日志.xlsx')
  },
}
