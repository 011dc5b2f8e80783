import Taro from '@tarojs/taro'

const TOKEN_KEY = 'linli.token'

export function getToken(): string {
  try {
    return (Taro.getStorageSync(TOKEN_KEY) as string) || ''
  } catch {
    return ''
  }
}

export function setToken(token: string): void {
  Taro.setStorageSync(TOKEN_KEY, token)
}

export function clearToken(): void {
  Taro.removeStorageSync(TOKEN_KEY)
}

// Staff: the server names this browser or phone a known device after a successful password login;
// sent back on the next login it lets the owner in while strangers' guesses lock other addresses.
// Kept on logout (it is not a session).
const DEVICE_KEY = 'linli.device'

export function getDeviceToken(): string {
  try {
    return (Taro.getStorageSync(DEVICE_KEY) as string) || ''
  } catch {
    return ''
  }
}

export function setDeviceToken(token: string): void {
  Taro.setStorageSync(DEVICE_KEY, token)
}
