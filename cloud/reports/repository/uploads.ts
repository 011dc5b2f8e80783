import type { Kdb } from '../../db/db'

/** Uploaded photos (before they are attached to a report). */

export async function insertUpload(db: Kdb, row: { key: string; thumbKey: string; width: number; height: number; bytes: number; uploadedBy: string; now: Date }) {
  await db
    .insertInto('uploads')
    .values({ key: row.key, thumb_key: row.thumbKey, width: row.width, height: row.height, bytes: row.bytes, uploaded_by: row.uploadedBy, created_at: row.now })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute()
}

export async function findUpload(db: Kdb, key: string) {
  return db.selectFrom('uploads').selectAll().where('key', '=', key).executeTakeFirst()
}

export async function existingUploads(db: Kdb, keys: string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set()
  const rows = await db.selectFrom('uploads').select('key').where('key', 'in', keys).execute()
  return new Set(rows.map((r) => r.key))
}
