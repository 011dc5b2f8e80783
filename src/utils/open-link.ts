import Taro from '@tarojs/taro'

const TABS = ['/pages/index/index', '/pages/report/index', '/pages/me/index']

export const OPEN_FAILED = '页面没有打开，可能是网络不通，请检查网络后再试'

/**
 * Opens an app route from the server (a notice's link, a to-do's link) or a button: tab pages by
 * switchTab, the rest by navigateTo. Offline, a page that was never loaded cannot open: the person is
 * told instead of nothing happening (resolves false).
 */
export async function openLink(link: string): Promise<boolean> {
  const path = link.split('?')[0]
  // H5 loads a sub-page's code on first use; offline that load hangs without an error, so ask first
  if (typeof navigator !== 'undefined' && navigator.onLine === false) {
    void Taro.showToast({ title: OPEN_FAILED, icon: 'none', duration: 3000 })
    return false
  }
  try {
    if (TABS.includes(path)) await Taro.switchTab({ url: path })
    else await Taro.navigateTo({ url: link })
    return true
  } catch {
    void Taro.showToast({ title: OPEN_FAILED, icon: 'none', duration: 3000 })
    return false
  }
}
