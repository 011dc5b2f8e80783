import { useRef, useState } from 'react'
import Taro from '@tarojs/taro'
import type { TCategoryCode, TUploadResponse } from '../../../types/reports'

const DRAFT_KEY = 'linli.reportDraft'

/** What the person has filled in so far: kept in storage, so leaving the tab loses nothing. */
export interface Draft {
  photos: TUploadResponse[]
  category: TCategoryCode | ''
  description: string
  anonymous: boolean
  lat: number | null
  lng: number | null
  address: string
  /** 'device': the phone's own position (needs the location consent); 'map': a pin placed by hand. */
  locationSource?: 'device' | 'map'
  /** 不希望被联系: staff handling it are not shown the phone number. */
  noContact?: boolean
}

export type SaveDraft = (patch: Partial<Draft>) => void

const EMPTY: Draft = { photos: [], category: '', description: '', anonymous: true, lat: null, lng: null, address: '' }

function loadDraft(): Draft {
  try {
    const d = Taro.getStorageSync(DRAFT_KEY) as Partial<Draft> | string
    if (d && typeof d === 'object') return { ...EMPTY, ...d }
  } catch {
    // no draft
  }
  return EMPTY
}

/** The draft, a `save(patch)` that stores it at once, and `clear()` after a successful submit. */
export function useDraft(): { draft: Draft; save: SaveDraft; clear: () => void } {
  const [draft, setDraft] = useState<Draft>(loadDraft)
  const ref = useRef(draft)
  const save: SaveDraft = (patch) => {
    const next = { ...ref.current, ...patch }
    ref.current = next
    setDraft(next)
    try {
      Taro.setStorageSync(DRAFT_KEY, next)
    } catch {
      // storage full: the form still works
    }
  }
  const clear = () => {
    Taro.removeStorageSync(DRAFT_KEY)
    ref.current = EMPTY
    setDraft(EMPTY)
  }
  return { draft, save, clear }
}

/**
 * The rule for "the typed address and the pin disagree": each community's short name (东湖 for
 * 东湖社区) is a word people write in addresses (东湖路 17 弄). If the address names another
 * community of the street and not the one the pin is in, the two probably disagree.
 */
export function addressMismatch(address: string, pinCommunity: string | undefined, communities: string[]): string | null {
  const a = address.trim()
  if (!a || !pinCommunity) return null
  const short = (n: string) => n.replace(/(社区|居委会?|村)$/, '')
  if (a.includes(short(pinCommunity))) return null
  const other = communities.find((c) => c !== pinCommunity && short(c).length >= 2 && a.includes(short(c)))
  return other ?? null
}
