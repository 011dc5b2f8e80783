/**
 * The one table of error codes: code → HTTP status → 中文 message.
 * cloud/platform/errors.ts throws AppError(code); the front end may show `message` as is.
 */
export const ERROR_CODES = {
  INVALID_INPUT: [400, '填写的内容有误，请检查后再试'],
  MALFORMED_JSON: [400, '请求内容不是有效的 JSON'],
  UNAUTHENTICATED: [401, '请先登录'],
  TOKEN_EXPIRED: [401, '登录已过期，请重新登录'],
  SMS_CODE_INVALID: [401, '验证码不正确'],
  SMS_CODE_EXPIRED: [401, '验证码已过期，请重新获取'],
  BAD_CREDENTIALS: [401, '账号或密码不正确'],
  FORBIDDEN: [403, '没有权限进行此操作'],
  CONSENT_REQUIRED: [403, '请先阅读并同意相关授权'],
  NOT_FOUND: [404, '找不到请求的内容'],
  ROUTE_NOT_FOUND: [404, '接口不存在'],
  USER_NOT_FOUND: [404, '找不到这位居民'],
  ORG_UNIT_NOT_FOUND: [404, '找不到这个社区或组织'],
  FAMILY_LINK_NOT_FOUND: [404, '找不到这条亲情绑定'],
  ELDER_NOT_FOUND: [404, '找不到这位老人，请核对手机号或绑定码'],
  METHOD_NOT_ALLOWED: [405, '不支持这种请求方式'],
  CONFLICT: [409, '操作冲突，请刷新后再试'],
  INVALID_STATE: [409, '当前状态不能进行此操作'],
  FAMILY_LINK_EXISTS: [409, '已经绑定或正在等待确认'],
  ELDER_ALREADY_REGISTERED: [409, '这位老人已经登记过了'],
  PHONE_IN_USE: [409, '这个手机号已被其他账号使用'],
  IDEMPOTENCY_KEY_REUSED: [409, '同一个请求编号被用于不同的内容'],
  PAYLOAD_TOO_LARGE: [413, '内容太大了'],
  UNSUPPORTED_MEDIA_TYPE: [415, '不支持的内容类型'],
  RULE_REFUSED: [422, '不符合办理规则'],
  CANNOT_LINK_SELF: [422, '不能绑定自己'],
  BIND_CODE_INVALID: [422, '绑定码无效或已过期，请到社区重新领取'],
  ELDER_PRESENCE_REQUIRED: [422, '请确认老人本人在场后再代为确认'],
  COMMUNITY_REQUIRED: [422, '请先选择所在社区'],
  WECHAT_NOT_CONFIGURED: [422, '未配置微信登录，请使用手机号登录'],
  SMS_LOCKED: [429, '验证码错误次数过多，请 15 分钟后再试'],
  SMS_TOO_FREQUENT: [429, '发送太频繁，请稍后再试'],
  ACCOUNT_LOCKED: [429, '密码错误次数过多，账号已锁定 30 分钟'],
  INTERNAL: [500, '服务器开小差了，请稍后再试'],
} as const satisfies Record<string, readonly [number, string]>

export type TErrorCode = keyof typeof ERROR_CODES
