import { useState } from 'react'
import { messageOf } from '../api'

/**
 * A button's server call: `act(fn)` marks busy, clears the last error, runs `fn`, then `onDone`;
 * a refusal is kept in `error` (the server's Chinese message) for the card to show.
 */
export function useAction(onDone: () => unknown): { busy: boolean; error: string | null; act: (fn: () => Promise<unknown>) => Promise<void> } {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const act = async (fn: () => Promise<unknown>) => {
    setBusy(true)
    setError(null)
    try {
      await fn()
      await onDone()
    } catch (e) {
      setError(messageOf(e))
    } finally {
      setBusy(false)
    }
  }
  return { busy, error, act }
}
