export * from './common'
export * from './org'
export * from './accounts'
export * from './errors'
