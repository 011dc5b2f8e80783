/**
 * WeChat's privacy check (__usePrivacyCheck__): when a privacy API is called before the person
 * agreed, WeChat asks us via onNeedPrivacyAuthorization and waits for resolve(). We send the
 * person to our consent page and resolve from there.
 */
type Resolve = (r: { event: 'agree' | 'disagree'; buttonId?: string }) => void

let pending: Resolve | null = null

export function installPrivacyHandler(showConsent: () => void): void {
  if (process.env.TARO_ENV !== 'weapp') return
  if (typeof wx === 'undefined' || !wx || typeof wx.onNeedPrivacyAuthorization !== 'function') return
  wx.onNeedPrivacyAuthorization((resolve) => {
    pending = resolve
    showConsent()
  })
}

export function hasPendingPrivacyRequest(): boolean {
  return pending !== null
}

export function resolvePrivacy(agree: boolean): void {
  const r = pending
  pending = null
  if (r) r(agree ? { event: 'agree', buttonId: 'agree-btn' } : { event: 'disagree' })
}
