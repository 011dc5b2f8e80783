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

/**
 * After a 401: forget the session only if it is still the one that failed. A request sent with an
 * older token (in flight while a password change handed out a new one) must not end the new one.
 */
export function forgetSession(failedToken: string): boolean {
  if (!failedToken || getToken() !== failedToken) return false
  clearToken()
  return true
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
