import { connect, type MqttClient } from 'mqtt'
import type { AppDeps } from '../platform/context'
import { ZMeterReadingSchema, type TMeterReading } from '../../types/care'
import { ingestReadings } from './ingest-readings'

export const DEFAULT_MQTT_TOPIC = 'linli/meters/+/readings'

export interface MqttIngestStats {
  received: number
  /** messages handed to ingest (stored, duplicate or refused) */
  processed: number
  accepted: number
  duplicates: number
  refused: number
  malformed: number
  failedBatches: number
}

export interface MqttIngest {
  /** resolves once connected and subscribed */
  ready: Promise<void>
  stats: MqttIngestStats
  /** writes what is buffered now */
  flush(): Promise<void>
  stop(): Promise<void>
}

/** The meter id from the topic's `+` (linli/meters/<id>/readings), for payloads that leave it out. */
function meterFromTopic(pattern: string, topic: string): string | undefined {
  const p = pattern.replace(/^\$share\/[^/]+\//, '').split('/')
  const t = topic.split('/')
  const i = p.indexOf('+')
  return i >= 0 && p.length === t.length ? t[i] : undefined
}

/**
 * Subscribes to the vendor's broker (QoS 1) and writes readings in batches: a message is buffered
 * and the buffer is ingested when it holds `batchSize` readings or `flushMs` after the first one —
 * one transaction per batch, so a week of backlog arriving at once costs hundreds of statements, not
 * hundreds of thousands. A malformed message is counted and dropped (it cannot become valid later).
 * Several instances share the work with a shared subscription (MQTT_TOPIC=$share/linli/…).
 */
export function startMqttIngest(deps: AppDeps, options: { url: string; topic?: string; batchSize?: number; flushMs?: number; clientId?: string }): MqttIngest {
  const topic = options.topic || DEFAULT_MQTT_TOPIC
  const batchSize = options.batchSize ?? 500
  const flushMs = options.flushMs ?? 200
  const stats: MqttIngestStats = { received: 0, processed: 0, accepted: 0, duplicates: 0, refused: 0, malformed: 0, failedBatches: 0 }
  let buffer: TMeterReading[] = []
  let timer: NodeJS.Timeout | null = null
  let chain: Promise<void> = Promise.resolve()

  const client: MqttClient = connect(options.url, {
    clientId: options.clientId ?? `linli-care-${process.pid}-${Math.random().toString(36).slice(2, 8)}`,
    reconnectPeriod: 2000,
    connectTimeout: 10_000,
  })

  const writeBatch = async (batch: TMeterReading[]) => {
    try {
      const r = await ingestReadings(deps, batch)
      stats.accepted += r.accepted
      stats.duplicates += r.duplicates
      stats.refused += r.refused
    } catch (error) {
      stats.failedBatches++
      deps.logger.error({ err: error, size: batch.length }, 'care mqtt batch failed')
    } finally {
      stats.processed += batch.length
    }
  }

  const flush = (): Promise<void> => {
    if (timer) clearTimeout(timer)
    timer = null
    if (buffer.length) {
      const batch = buffer
      buffer = []
      chain = chain.then(() => writeBatch(batch))
    }
    return chain
  }

  client.on('message', (t, payload) => {
    stats.received++
    let value: unknown
    try {
      value = JSON.parse(payload.toString('utf8'))
    } catch {
      stats.malformed++
      return
    }
    if (value && typeof value === 'object' && !('meterId' in value)) (value as Record<string, unknown>).meterId = meterFromTopic(topic, t)
    const parsed = ZMeterReadingSchema.safeParse(value)
    if (!parsed.success) {
      stats.malformed++
      return
    }
    buffer.push(parsed.data)
    if (buffer.length >= batchSize) void flush()
    else if (!timer) timer = setTimeout(() => void flush(), flushMs)
  })
  client.on('error', (error) => deps.logger.warn({ err: error }, 'care mqtt error'))

  const ready = new Promise<void>((resolve, reject) => {
    client.once('connect', () => {
      client.subscribe(topic, { qos: 1 }, (error) => (error ? reject(error) : resolve()))
    })
    client.once('error', reject)
  })

  return {
    ready,
    stats,
    flush,
    async stop() {
      await flush()
      await client.endAsync()
    },
  }
}
