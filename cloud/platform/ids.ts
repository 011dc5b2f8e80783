import { randomInt } from 'node:crypto'
import { v7 } from 'uuid'

/** Time-ordered ids (uuid v7), made by the server only. */
export function newId(): string {
  return v7()
}

/** n random decimal digits, from the CSPRNG (SMS codes, bind codes). */
export function randomDigits(n: number): string {
  let s = ''
  for (let i = 0; i < n; i++) s += String(randomInt(10))
  return s
}
