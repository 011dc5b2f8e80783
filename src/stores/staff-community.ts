import Taro from '@tarojs/taro'
import { createStore, useStore } from './store'

const KEY = 'linli.staffCommunity'

/** The community a staff member with several communities is working on now (kept per account on this device). */
export interface StaffCommunity {
  userId: string
  id: string
  name: string
}

function stored(): StaffCommunity | null {
  try {
    const v = Taro.getStorageSync(KEY) as StaffCommunity | ''
    return v && typeof v === 'object' && v.id ? v : null
  } catch {
    return null
  }
}

export const staffCommunityStore = createStore<StaffCommunity | null>(stored())

export function chooseStaffCommunity(c: StaffCommunity | null): void {
  try {
    if (c) Taro.setStorageSync(KEY, c)
    else Taro.removeStorageSync(KEY)
  } catch {
    // storage full: the choice still holds for this visit
  }
  staffCommunityStore.set(c)
}

/** The chosen community id for this account, if any (the API clients send it as `communityId`). */
export function staffCommunityIdFor(userId: string | undefined): string | undefined {
  const c = staffCommunityStore.get()
  return c && userId && c.userId === userId ? c.id : undefined
}

export function useStaffCommunity(): StaffCommunity | null {
  return useStore(staffCommunityStore)
}
