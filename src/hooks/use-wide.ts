import { useEffect, useState } from 'react'

/** At a desk (H5, window ≥ 1024 px wide) staff pages lay out tables and side panels instead of a phone column. */
export const DESK_MIN_WIDTH = 1024

function wide(): boolean {
  return process.env.TARO_ENV === 'h5' && typeof window !== 'undefined' && window.innerWidth >= DESK_MIN_WIDTH
}

export function useWide(): boolean {
  const [on, setOn] = useState(wide)
  useEffect(() => {
    if (process.env.TARO_ENV !== 'h5' || typeof window === 'undefined') return
    const update = () => setOn(wide())
    window.addEventListener('resize', update)
    return () => window.removeEventListener('resize', update)
  }, [])
  return on
}
