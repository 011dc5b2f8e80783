export { api } from './accounts'
export { request, type Page } from './client'
export { ApiError, messageOf } from './errors'
export { getToken, setToken, clearToken } from './session'
