import Taro from '@tarojs/taro'
import { createStore, useStore } from './store'

const KEY = 'linli.elderMode'

/** 'on' | 'off' once the person chose; '' = follow the device font size (and the account). */
function storedChoice(): 'on' | 'off' | '' {
  try {
    const v = Taro.getStorageSync(KEY) as string
    return v === 'on' || v === 'off' ? v : ''
  } catch {
    return ''
  }
}

/** A large system font is a strong hint the person wants 长辈模式. */
export function deviceWantsLargeText(): boolean {
  try {
    if (process.env.TARO_ENV === 'weapp') {
      const info = Taro.getSystemInfoSync() as { fontSizeSetting?: number }
      return (info.fontSizeSetting ?? 0) >= 20
    }
    if (process.env.TARO_ENV === 'h5' && typeof document !== 'undefined') {
      // Taro sets the <html> font size itself for rem scaling, so read the browser's own default
      // ("medium") from a probe element instead.
      const probe = document.createElement('div')
      probe.style.cssText = 'font-size:medium;position:absolute;visibility:hidden'
      document.body.appendChild(probe)
      const px = parseFloat(getComputedStyle(probe).fontSize)
      probe.remove()
      return px >= 20
    }
  } catch {
    // no system info: keep the normal layout
  }
  return false
}

/** The signed-in account's own setting, remembered so a page opened by link or refresh starts right. */
const ACCOUNT_KEY = 'linli.elderMode.account'

function accountSetting(): boolean {
  try {
    return Taro.getStorageSync(ACCOUNT_KEY) === 'on'
  } catch {
    return false
  }
}

function initial(): boolean {
  const c = storedChoice()
  if (c) return c === 'on'
  return accountSetting() || deviceWantsLargeText()
}

export const elderModeStore = createStore<boolean>(initial())

// H5: the tab bar lives outside every page's root, so 长辈模式 is also a class on <html>
// (app.scss makes the tab bar large under it). weapp's tab bar is native.
function markRoot(on: boolean): void {
  if (process.env.TARO_ENV === 'h5' && typeof document !== 'undefined') document.documentElement.classList.toggle('lp-elder-root', on)
}
markRoot(elderModeStore.get())
elderModeStore.subscribe(() => markRoot(elderModeStore.get()))

/** The person switched it: remember on this device (applies before login too). */
export function chooseElderMode(on: boolean): void {
  Taro.setStorageSync(KEY, on ? 'on' : 'off')
  elderModeStore.set(on)
}

/** The account says so: follow it unless the person chose otherwise on this device. */
export function adoptAccountElderMode(on: boolean): void {
  try {
    Taro.setStorageSync(ACCOUNT_KEY, on ? 'on' : 'off')
  } catch {
    // storage full: it is still followed once the account is loaded
  }
  if (storedChoice()) return
  elderModeStore.set(on || deviceWantsLargeText())
}

export function useElderMode(): boolean {
  return useStore(elderModeStore)
}
