import { z } from 'zod'

/** Open311 GeoReport v2 POST /requests (form-encoded). */
export const ZOpen311PostSchema = z
  .object({
    api_key: z.string({ message: 'api_key required' }).min(1, { message: 'api_key required' }).max(200),
    service_code: z.string({ message: 'service_code required' }).min(1, { message: 'service_code required' }).max(40),
    lat: z.coerce.number().min(-90).max(90).optional(),
    long: z.coerce.number().min(-180).max(180).optional(),
    address_string: z.string().trim().max(120).optional(),
    description: z.string({ message: 'description required' }).trim().min(5, { message: 'description must be 5–500 characters' }).max(500, { message: 'description must be 5–500 characters' }),
    media_url: z.url({ message: 'media_url must be a URL' }).max(500).optional(),
  })
  .refine((v) => (v.lat !== undefined && v.long !== undefined) || Boolean(v.address_string), { message: 'lat and long, or address_string, required', path: ['lat'] })
export type TOpen311Post = z.infer<typeof ZOpen311PostSchema>

export const ZOpen311QuerySchema = z.object({
  service_request_id: z.string().max(2000).optional(),
  service_code: z.string().max(40).optional(),
  start_date: z.iso.datetime({ offset: true, message: 'start_date must be ISO 8601' }).optional(),
  end_date: z.iso.datetime({ offset: true, message: 'end_date must be ISO 8601' }).optional(),
  status: z
    .string()
    .regex(/^(open|closed)(,(open|closed))?$/, { message: 'status must be open or closed' })
    .optional(),
})
export type TOpen311Query = z.infer<typeof ZOpen311QuerySchema>

export type TOpen311Request = {
  service_request_id: string
  status: 'open' | 'closed'
  status_notes: string | null
  service_name: string
  service_code: string
  description: string
  agency_responsible: string
  service_notice: string | null
  requested_datetime: string
  updated_datetime: string
  expected_datetime: string
  address: string
  lat: number
  long: number
  media_url: string | null
}
