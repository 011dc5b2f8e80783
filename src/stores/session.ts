import type { TMeResponse } from '@contracts'
import { api, clearToken, getToken, setToken } from '../api'
import { adoptAccountElderMode } from './elder-mode'
import { createStore, useStore } from './store'

export interface MeState {
  me: TMeResponse | null
  loading: boolean
  error: unknown
  /** Whether there is a token at all (no token: show 登录, don't call /me). */
  signedIn: boolean
}

export const meStore = createStore<MeState>({ me: null, loading: false, error: null, signedIn: Boolean(getToken()) })

export function setMe(me: TMeResponse): void {
  adoptAccountElderMode(me.user.elderMode)
  meStore.set({ me, loading: false, error: null, signedIn: true })
}

export async function loadMe(): Promise<TMeResponse | null> {
  if (!getToken()) {
    meStore.set({ me: null, loading: false, error: null, signedIn: false })
    return null
  }
  meStore.set({ ...meStore.get(), loading: true, error: null, signedIn: true })
  try {
    const me = await api.me()
    setMe(me)
    return me
  } catch (e) {
    meStore.set({ ...meStore.get(), loading: false, error: e, signedIn: Boolean(getToken()) })
    return null
  }
}

export function signIn(token: string): void {
  setToken(token)
  meStore.set({ me: null, loading: false, error: null, signedIn: true })
}

/** Forgets the session here; with `server`, ends it on the server first (a failure there still signs out here). */
export async function signOut(server: false | 'this' | 'everywhere' = false): Promise<void> {
  if (server && getToken()) {
    try {
      await api.logout(server === 'everywhere')
    } catch {
      // already ended or offline: the token is dropped here anyway
    }
  }
  clearToken()
  meStore.set({ me: null, loading: false, error: null, signedIn: false })
}

export function useMe(): MeState {
  return useStore(meStore)
}
