import { useState } from 'react'
import { messageOf } from '@/api'

/** What a card says after a button's server call: the refusal, or what was done. */
export interface ActionMsg {
  kind: 'success' | 'error' | 'info'
  text: string
}

export interface Action {
  busy: boolean
  /** the last refusal (the server's Chinese message, or what `fail` said) */
  error: string | null
  /** the last message of either kind, for cards that show success and refusal in one place */
  msg: ActionMsg | null
  /**
   * Marks busy, clears the last message, runs `fn`, then `onDone`. What `fn` returns is said
   * when it is a string (success) or an ActionMsg; anything else (the server's answer) is not.
   */
  act: (fn: () => Promise<unknown>) => Promise<void>
  /** A refusal found before calling the server (an empty field): shown like the server's. */
  fail: (text: string) => void
  /** Puts a message of the card's own (e.g. a row below reporting what it did); null clears it. */
  say: (m: ActionMsg | null) => void
}

/**
 * A button's server call. `describe` turns what was thrown into the text shown (default: the
 * server's message; forms with field errors pass their own).
 */
export function useAction(onDone?: () => unknown, describe: (e: unknown) => string = messageOf): Action {
  const [busy, setBusy] = useState(false)
  const [msg, setMsg] = useState<ActionMsg | null>(null)
  const act = async (fn: () => Promise<unknown>) => {
    setBusy(true)
    setMsg(null)
    try {
      const said = await fn()
      if (typeof said === 'string') setMsg({ kind: 'success', text: said })
      else if (isMsg(said)) setMsg(said)
      await onDone?.()
    } catch (e) {
      setMsg({ kind: 'error', text: describe(e) })
    } finally {
      setBusy(false)
    }
  }
  const fail = (text: string) => setMsg({ kind: 'error', text })
  return { busy, error: msg?.kind === 'error' ? msg.text : null, msg, act, fail, say: setMsg }
}

function isMsg(x: unknown): x is ActionMsg {
  return typeof x === 'object' && x !== null && 'kind' in x && 'text' in x && Object.keys(x).length === 2
}
