import type { Context, Hono } from 'hono'
import type { Db, Kdb } from '../db/db'
import type { TRole } from '../../types/org'
import type { SessionClaims } from './auth'
import type { Clock } from './clock'
import type { AppConfig } from './config'
import type { Logger } from './logger'
import type { AppMetrics } from './metrics'
import type { Notifier } from './notices'
import type { OutboxDispatcher } from './outbox'
import type { SmsProvider } from './sms'
import type { Storage } from './storage'
import type { SubscribeSender } from './wechat-subscribe'

/**
 * What every use case receives and what every request carries. It lives in platform/ so that
 * domains depend on it and never on cloud/app.ts (the composition root, imported only by entry/
 * and tests).
 */

export interface ActorRole {
  role: TRole
  orgUnitId: string
  orgUnitName: string
  /** Materialised path of the org unit: '/street/cluster/community/'. */
  path: string
}

/** Who is calling: loaded once per request from the session. */
export interface Actor {
  userId: string
  name: string
  communityId: string | null
  communityPath: string | null
  roles: ActorRole[]
  /** 0012: a one-time password not yet changed (every route but the password change answers 422) */
  mustChangePassword?: boolean
  /** 0012: the account was disabled by an admin (every request answers 401) */
  disabled?: boolean
}

/** What an authenticated request checks besides the token's signature. */
export interface SessionState {
  session_version: number
  demo_account: boolean
  revoked: boolean
}

/**
 * Who is behind a session. The accounts domain implements it; entry/boot.ts (and the test
 * helpers) wire it in, so platform/session.ts needs no domain import.
 */
export interface IdentityLoader {
  loadActor(db: Kdb, userId: string): Promise<Actor | null>
  /** The session's state and the actor in one round trip (every signed-in request); null: no such person. */
  loadSession(db: Kdb, userId: string, jti: string): Promise<{ state: SessionState; actor: Actor } | null>
}

export interface AppDeps {
  db: Db
  clock: Clock
  config: AppConfig
  logger: Logger
  sms: SmsProvider
  notifier: Notifier
  /** The session → person lookup of every authenticated request (accounts/index.ts). */
  identity: IdentityLoader
  /** Photo bytes (cloud/platform/storage.ts): DATA_DIR/files by default. */
  storage: Storage
  /** WeChat subscribe messages (cloud/platform/wechat-subscribe.ts); absent = not sent. */
  subscribe?: SubscribeSender
  /**
   * Delivers outbox rows right after a write request (cloud/platform/outbox.ts); absent = only
   * `tick` delivers (tests that drive delivery with a chosen time).
   */
  outbox?: OutboxDispatcher
  /** Prometheus metrics (cloud/platform/metrics.ts), served by the node entry at /metrics. */
  metrics?: AppMetrics
}

/** Identity the WeChat cloud runtime vouches for (getWXContext), passed by cloud/entry/wechat.ts only. */
export interface WxContext {
  OPENID?: string
  UNIONID?: string
  APPID?: string
  /** caller's address as the cloud saw it (per-address rate limits) */
  CLIENTIP?: string
}

export interface AppEnv {
  Bindings: { wxContext?: WxContext }
  Variables: { deps: AppDeps; requestId: string; actor: Actor; session: SessionClaims }
}
export type Ctx = Context<AppEnv>
export type Router = Hono<AppEnv>
