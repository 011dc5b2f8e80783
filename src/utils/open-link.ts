import Taro from '@tarojs/taro'

const TABS = ['/pages/index/index', '/pages/report/index', '/pages/me/index']

/** Opens an app route from the server (a notice's link, a to-do's link): tab pages by switchTab, the rest by navigateTo. */
export async function openLink(link: string): Promise<void> {
  const path = link.split('?')[0]
  if (TABS.includes(path)) await Taro.switchTab({ url: path })
  else await Taro.navigateTo({ url: link })
}
