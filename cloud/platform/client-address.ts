import { getConnInfo } from '@hono/node-server/conninfo'
import type { Ctx } from './http'

/**
 * Who is asking, for lockouts and attempt limits. The connection's address (Hono node adapter);
 * behind a reverse proxy (TRUST_PROXY=true) the last X-Forwarded-For entry, which is the address
 * that proxy saw — earlier entries are whatever the client wrote and are ignored. In the WeChat
 * cloud function there is no address: the caller's OPENID (vouched for by WeChat) stands for it.
 */
export function clientAddress(c: Ctx): string {
  if (c.var.deps.config.trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')
    const last = forwarded?.split(',').map((s) => s.trim()).filter(Boolean).at(-1)
    if (last) return last.slice(0, 64)
  }
  const openid = c.env?.wxContext?.OPENID
  if (openid) return `wx:${openid}`
  try {
    return getConnInfo(c).remote.address ?? 'unknown'
  } catch {
    // app.request() in tests and runtimes without a socket
    return 'unknown'
  }
}
