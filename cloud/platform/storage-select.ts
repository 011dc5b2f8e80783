import { join } from 'node:path'
import { ConfigError } from './config'
import { localStorage, type Storage } from './storage'
import { s3OptionsFromEnv, s3Storage } from './storage-s3'

export type StorageKind = 'local' | 's3' | 'wechat'

/**
 * STORAGE=local (DATA_DIR/files, the demo), s3 (S3_* variables) or wechat (the cloud function's
 * own cloud storage; set by the WeChat entry). Production must say which: a folder on one machine
 * is lost with the machine and invisible to a second instance, so it is never chosen silently.
 */
export function storageKindFromEnv(env: NodeJS.ProcessEnv, production: boolean): StorageKind {
  const kind = (env.STORAGE ?? '').trim().toLowerCase()
  if (kind === 'local' || kind === 's3' || kind === 'wechat') return kind
  if (kind) throw new ConfigError(`未知的存储 STORAGE=${kind}（可选 local、s3） / unknown STORAGE=${kind}: use local or s3`)
  if (production) throw new ConfigError('生产模式必须设置 STORAGE（s3，或明确选择 local） / production mode requires STORAGE (s3, or local chosen explicitly)')
  return 'local'
}

export function storageFromEnv(env: NodeJS.ProcessEnv, dataDir: string, production: boolean): { kind: StorageKind; storage: Storage } {
  const kind = storageKindFromEnv(env, production)
  if (kind === 's3') return { kind, storage: s3Storage(s3OptionsFromEnv(env)) }
  if (kind === 'wechat') throw new ConfigError('STORAGE=wechat 只能在微信云函数中使用 / STORAGE=wechat works only inside the WeChat cloud function')
  return { kind, storage: localStorage(join(dataDir, 'files')) }
}
