import { getConnInfo } from '@hono/node-server/conninfo'
import type { Ctx } from './http'

/**
 * Who is asking, for lockouts, attempt limits and rate limits, or null when it is not known.
 * Behind a reverse proxy (TRUST_PROXY=true) the last X-Forwarded-For entry, which is the address
 * that proxy saw — earlier entries are whatever the client wrote and are ignored. In the WeChat
 * cloud function the CLIENTIP the cloud reports, else the caller's OPENID (vouched for by WeChat).
 * Otherwise the connection's peer (Hono node adapter).
 */
export function knownClientAddress(c: Ctx): string | null {
  const wx = c.env?.wxContext
  if (wx) return wx.CLIENTIP || (wx.OPENID ? `wx:${wx.OPENID}` : null)
  if (c.var.deps.config.trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')
    const last = forwarded
      ?.split(',')
      .map((s) => s.trim())
      .filter(Boolean)
      .at(-1)
    if (last) return last.slice(0, 64)
  }
  try {
    return getConnInfo(c).remote.address ?? null
  } catch {
    // app.request() in tests and runtimes without a socket
    return null
  }
}

/** The same, with one shared bucket for callers whose address is unknown (lockouts count them together). */
export function clientAddress(c: Ctx): string {
  return knownClientAddress(c) ?? 'unknown'
}
