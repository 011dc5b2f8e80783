import { createHash } from 'node:crypto'
import type { S3Client } from '@aws-sdk/client-s3'
import type { Storage } from './storage'
import { ConfigError } from './config'

export interface S3StorageOptions {
  endpoint?: string
  region: string
  bucket: string
  accessKeyId: string
  secretAccessKey: string
  /** MinIO and most self-hosted servers need path-style URLs (endpoint/bucket/key). */
  forcePathStyle: boolean
  /** How long a presigned GET link lives (seconds). */
  urlTtlSeconds?: number
  /** What `url(key)` answers: the app's own path that redirects to a fresh presigned link. */
  publicBase?: string
}

export interface ObjectStorage extends Storage {
  /** A short-lived link to the object itself (the bucket is never public). */
  signedUrl(key: string): Promise<string>
  /** SHA-256 (hex) of the stored bytes as recorded when written; null if absent. */
  storedHash(key: string): Promise<string | null>
  /** Every key with its size. */
  list(): AsyncIterable<{ key: string; size: number }>
  /** Reachable and the bucket exists (GET /api/v1/ready). */
  ping(): Promise<void>
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex')

export function s3OptionsFromEnv(env: Record<string, string | undefined>): S3StorageOptions {
  const missing = ['S3_BUCKET', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'].filter((n) => !env[n])
  if (missing.length) throw new ConfigError(`STORAGE=s3 缺少配置 ${missing.join(', ')} / STORAGE=s3 needs ${missing.join(', ')}`)
  return {
    endpoint: env.S3_ENDPOINT || undefined,
    region: env.S3_REGION || 'us-east-1',
    bucket: env.S3_BUCKET!,
    accessKeyId: env.S3_ACCESS_KEY_ID!,
    secretAccessKey: env.S3_SECRET_ACCESS_KEY!,
    forcePathStyle: env.S3_FORCE_PATH_STYLE === 'true' || env.S3_FORCE_PATH_STYLE === '1',
    urlTtlSeconds: Number(env.S3_URL_TTL_SECONDS || 600),
  }
}

/**
 * Photos in an S3-compatible bucket (Tencent COS, Aliyun OSS, MinIO, AWS). Objects are private;
 * pages get `/files/<key>`, which the node entry answers with a redirect to a presigned link that
 * lives S3_URL_TTL_SECONDS (10 minutes), so a link copied out of the app stops working soon.
 * Each object carries the SHA-256 of its bytes (x-amz-meta-sha256) so copies can be verified.
 */
export function s3Storage(options: S3StorageOptions): ObjectStorage {
  // the SDK is loaded on first use: most requests never touch a photo
  let client: Promise<{ s3: S3Client; sdk: typeof import('@aws-sdk/client-s3'); presign: typeof import('@aws-sdk/s3-request-presigner') }> | null = null
  const open = () =>
    (client ??= (async () => {
      const sdk = await import('@aws-sdk/client-s3')
      const presign = await import('@aws-sdk/s3-request-presigner')
      const s3 = new sdk.S3Client({
        endpoint: options.endpoint,
        region: options.region,
        forcePathStyle: options.forcePathStyle,
        credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey },
        // only send/verify checksums when the operation requires them: COS/OSS/MinIO differ on the newer defaults
        requestChecksumCalculation: 'WHEN_REQUIRED',
        responseChecksumValidation: 'WHEN_REQUIRED',
      })
      return { s3, sdk, presign }
    })())
  const Bucket = options.bucket
  const notFound = (error: unknown) => {
    const e = error as { name?: string; $metadata?: { httpStatusCode?: number } }
    return e.name === 'NotFound' || e.name === 'NoSuchKey' || e.$metadata?.httpStatusCode === 404
  }
  const publicBase = options.publicBase ?? '/files'
  return {
    async put(key, bytes) {
      const { s3, sdk } = await open()
      await s3.send(new sdk.PutObjectCommand({ Bucket, Key: key, Body: bytes, ContentType: key.endsWith('.jpg') ? 'image/jpeg' : contentType(key), Metadata: { sha256: sha256(bytes) } }))
    },
    async get(key) {
      const { s3, sdk } = await open()
      try {
        const res = await s3.send(new sdk.GetObjectCommand({ Bucket, Key: key }))
        return Buffer.from(await res.Body!.transformToByteArray())
      } catch (error) {
        if (notFound(error)) return null
        throw error
      }
    },
    async has(key) {
      return (await this.storedHash(key)) !== null
    },
    async storedHash(key) {
      const { s3, sdk } = await open()
      try {
        const head = await s3.send(new sdk.HeadObjectCommand({ Bucket, Key: key }))
        return head.Metadata?.sha256 ?? ''
      } catch (error) {
        if (notFound(error)) return null
        throw error
      }
    },
    url: (key) => `${publicBase}/${key}`,
    async signedUrl(key) {
      const { s3, sdk, presign } = await open()
      return presign.getSignedUrl(s3, new sdk.GetObjectCommand({ Bucket, Key: key }), { expiresIn: options.urlTtlSeconds ?? 600 })
    },
    async *list() {
      const { s3, sdk } = await open()
      let token: string | undefined
      do {
        const page = await s3.send(new sdk.ListObjectsV2Command({ Bucket, ContinuationToken: token }))
        for (const o of page.Contents ?? []) if (o.Key) yield { key: o.Key, size: o.Size ?? 0 }
        token = page.IsTruncated ? page.NextContinuationToken : undefined
      } while (token)
    },
    async ping() {
      const { s3, sdk } = await open()
      await s3.send(new sdk.HeadBucketCommand({ Bucket }))
    },
  }
}

function contentType(key: string): string {
  if (key.endsWith('.png')) return 'image/png'
  if (key.endsWith('.xlsx')) return 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
  if (key.endsWith('.json')) return 'application/json'
  return 'application/octet-stream'
}
