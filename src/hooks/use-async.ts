import { useCallback, useEffect, useRef, useState } from 'react'

export interface AsyncState<T> {
  data: T | undefined
  error: unknown
  loading: boolean
  reload: () => void
}

/** Runs `fn` when `deps` change (and on reload); keeps the last data while reloading. */
export function useAsync<T>(fn: () => Promise<T>, deps: unknown[], enabled = true): AsyncState<T> {
  const [data, setData] = useState<T | undefined>(undefined)
  const [error, setError] = useState<unknown>(null)
  const [loading, setLoading] = useState<boolean>(enabled)
  const [tick, setTick] = useState(0)
  const seq = useRef(0)
  useEffect(() => {
    if (!enabled) {
      setLoading(false)
      return
    }
    const mine = ++seq.current
    setLoading(true)
    setError(null)
    fn().then(
      (d) => {
        if (mine !== seq.current) return
        setData(d)
        setLoading(false)
      },
      (e: unknown) => {
        if (mine !== seq.current) return
        setError(e)
        setLoading(false)
      },
    )
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, tick, enabled])
  const reload = useCallback(() => setTick((t) => t + 1), [])
  return { data, error, loading, reload }
}
