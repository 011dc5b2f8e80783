import Taro from '@tarojs/taro'
import type { TMeResponse } from '@contracts'

export const STAFF_HOME = '/packages/staff/index/index'
const TAB_PAGES = ['pages/index/index', 'pages/report/index', 'pages/me/index']

let landedThisLaunch = false

/** Where a person lands after signing in: staff on 工作台, everyone else on 我的. */
export async function goLanding(me: TMeResponse | null): Promise<void> {
  landedThisLaunch = true
  if (me?.user.isStaff) await Taro.reLaunch({ url: STAFF_HOME })
  else await Taro.switchTab({ url: '/pages/me/index' })
}

/**
 * Staff opening the app land on 工作台 once per launch (the 首页 tab stays reachable afterwards:
 * many staff are residents too).
 */
export function staffShouldLand(me: TMeResponse | null): boolean {
  if (landedThisLaunch || !me) return false
  landedThisLaunch = true
  return me.user.isStaff
}

/** A tab page has the tab bar; every other page gets a back button on H5 (no browser chrome in an app-like view). */
export function isTabRoute(route: string): boolean {
  return TAB_PAGES.includes(route.replace(/^\//, '').split('?')[0])
}

/** ‹ 返回: to the previous page, or — opened by link or refresh — to where this person starts. */
export async function goBack(me: TMeResponse | null): Promise<void> {
  landedThisLaunch = true
  if (Taro.getCurrentPages().length > 1) {
    await Taro.navigateBack()
    return
  }
  const here = Taro.getCurrentInstance().router?.path ?? ''
  if (me?.user.isStaff && !here.startsWith(STAFF_HOME)) await Taro.reLaunch({ url: STAFF_HOME })
  else await Taro.switchTab({ url: '/pages/index/index' })
}
