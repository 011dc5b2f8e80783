import { z } from 'zod'
import { plainName, ZPhoneSchema, ZUuidSchema } from './common'
import { ZRoleAssignmentSchema } from './org'

export const ZUserSchema = z.object({
  id: z.string(),
  name: z.string(),
  /** Masked for display: 138****0001; null when the person has no phone. */
  phoneMasked: z.string().nullable(),
  communityId: z.string().nullable(),
  communityName: z.string().nullable(),
  birthDate: z.string().nullable(),
  age: z.number().int().nullable(),
  elderMode: z.boolean(),
  isStaff: z.boolean(),
})
export type TUser = z.infer<typeof ZUserSchema>

export const ZSmsSendRequestSchema = z.object({ phone: ZPhoneSchema })
export type TSmsSendRequest = z.infer<typeof ZSmsSendRequestSchema>
export const ZSmsSendResponseSchema = z.object({
  sent: z.literal(true),
  expiresInSeconds: z.number(),
  resendInSeconds: z.number(),
  /** Only in demo mode: tells the tester where the code went. */
  demoHint: z.string().optional(),
})

export const ZSmsVerifyRequestSchema = z.object({
  phone: ZPhoneSchema,
  code: z
    .string({ message: '请输入验证码' })
    .trim()
    .regex(/^\d{6}$/, { message: '验证码是 6 位数字' }),
})
export type TSmsVerifyRequest = z.infer<typeof ZSmsVerifyRequestSchema>

export const ZStaffLoginRequestSchema = z.object({
  username: z.string({ message: '请输入账号' }).trim().min(1, { message: '请输入账号' }).max(64),
  password: z.string({ message: '请输入密码' }).min(1, { message: '请输入密码' }).max(200),
})
export type TStaffLoginRequest = z.infer<typeof ZStaffLoginRequestSchema>

/** WeChat mini-program login: the code from Taro.login (HTTP transport). In the cloud entry the
 * openid comes from getWXContext and the body is ignored. */
export const ZWechatLoginRequestSchema = z.object({ code: z.string().max(200).optional() })

export const ZLoginResponseSchema = z.object({
  token: z.string(),
  user: ZUserSchema,
  expiresAt: z.string(),
  /** staff with a one-time password: go to the change-password page first (admin issue) */
  mustChangePassword: z.boolean().optional(),
  /** staff login: this browser or phone is now a known device; send it back as X-Device-Token */
  deviceToken: z.string().optional(),
})
export type TLoginResponse = z.infer<typeof ZLoginResponseSchema>

export const CONSENT_KINDS = ['privacy', 'health', 'location'] as const
export const ZConsentKindSchema = z.enum(CONSENT_KINDS)
export type TConsentKind = z.infer<typeof ZConsentKindSchema>

export const ZConsentSchema = z.object({
  kind: ZConsentKindSchema,
  version: z.string(),
  acceptedAt: z.string(),
  /** Recorded by staff at the counter for an elder. */
  recordedBy: z.string().nullable(),
})
export type TConsent = z.infer<typeof ZConsentSchema>

export const ZGiveConsentRequestSchema = z.object({
  kind: ZConsentKindSchema,
  version: z.string().trim().min(1).max(32),
})
export type TGiveConsentRequest = z.infer<typeof ZGiveConsentRequestSchema>

export const ZPolicyDocumentSchema = z.object({
  kind: ZConsentKindSchema,
  version: z.string(),
  title: z.string(),
  text: z.string(),
})
export type TPolicyDocument = z.infer<typeof ZPolicyDocumentSchema>

export const FAMILY_SCOPES = ['book_checkups', 'request_services', 'view_hours', 'receive_notices'] as const
export const ZFamilyScopeSchema = z.enum(FAMILY_SCOPES)
export type TFamilyScope = z.infer<typeof ZFamilyScopeSchema>
export const FAMILY_SCOPE_LABELS: Record<TFamilyScope, string> = {
  book_checkups: '代约体检',
  request_services: '代发服务需求',
  view_hours: '查看时间银行',
  receive_notices: '接收通知',
}

export const FAMILY_RELATIONS = ['child', 'spouse', 'grandchild', 'sibling', 'parent', 'other'] as const
export const ZFamilyRelationSchema = z.enum(FAMILY_RELATIONS)
export type TFamilyRelation = z.infer<typeof ZFamilyRelationSchema>
export const FAMILY_RELATION_LABELS: Record<TFamilyRelation, string> = {
  child: '子女',
  spouse: '配偶',
  grandchild: '孙辈',
  sibling: '兄弟姐妹',
  parent: '父母',
  other: '其他亲属',
}

export const FAMILY_LINK_STATUSES = ['pending', 'active', 'rejected', 'revoked'] as const
export const ZFamilyLinkSchema = z.object({
  id: z.string(),
  elderId: z.string(),
  elderName: z.string(),
  memberId: z.string(),
  memberName: z.string(),
  relation: ZFamilyRelationSchema,
  scopes: z.array(ZFamilyScopeSchema),
  status: z.enum(FAMILY_LINK_STATUSES),
  requestedAt: z.string(),
  confirmedAt: z.string().nullable(),
  /** 'elder' when the elder confirmed in the app, 'counter' when staff confirmed with the elder present. */
  confirmedVia: z.enum(['elder', 'counter']).nullable(),
})
export type TFamilyLink = z.infer<typeof ZFamilyLinkSchema>

export const ZRequestFamilyLinkSchema = z
  .object({
    elderPhone: ZPhoneSchema.optional(),
    // 12 digits (codes printed before issue 20 had 8 and stay valid until they expire); spaces allowed
    bindCode: z
      .string()
      .transform((v) => v.replace(/[\s-]/g, ''))
      .pipe(z.string().regex(/^(\d{8}|\d{12})$/, { message: '绑定码是 12 位数字' }))
      .optional(),
    relation: ZFamilyRelationSchema,
    scopes: z.array(ZFamilyScopeSchema).min(1, { message: '至少选择一项授权' }),
  })
  .refine((v) => Boolean(v.elderPhone) !== Boolean(v.bindCode), {
    message: '请填写老人的手机号或绑定码（二选一）',
    path: ['elderPhone'],
  })
export type TRequestFamilyLink = z.infer<typeof ZRequestFamilyLinkSchema>

export const ZConfirmFamilyLinkSchema = z.object({
  /** Staff confirming at the counter must declare the elder is present; it is recorded. */
  elderPresent: z.boolean().optional(),
  note: z.string().max(200).optional(),
})

export const ZRevokeFamilyLinkSchema = z.object({ reason: z.string().max(200).optional() })

export const ZMeResponseSchema = z.object({
  user: ZUserSchema,
  roles: z.array(ZRoleAssignmentSchema),
  familyLinks: z.array(ZFamilyLinkSchema),
  consents: z.array(ZConsentSchema),
  /** Versions the person must accept now (e.g. a newer privacy policy). */
  pendingConsents: z.array(ZConsentKindSchema),
  unreadNotices: z.number().int(),
})
export type TMeResponse = z.infer<typeof ZMeResponseSchema>

export const ZUpdateMeRequestSchema = z
  .object({
    name: plainName(z.string().trim().min(1, { message: '请填写称呼' }).max(20).optional()),
    elderMode: z.boolean().optional(),
    communityId: ZUuidSchema.optional(),
  })
  .refine((v) => Object.keys(v).length > 0, { message: '没有要修改的内容' })
export type TUpdateMeRequest = z.infer<typeof ZUpdateMeRequestSchema>

/** 18-character resident ID number (last char may be X). */
export const ZIdNumberSchema = z
  .string({ message: '请输入身份证号' })
  .trim()
  .toUpperCase()
  .regex(/^\d{17}[\dX]$/, { message: '身份证号应为 18 位' })

export const ZRegisterElderRequestSchema = z.object({
  name: plainName(z.string({ message: '请输入姓名' }).trim().min(1, { message: '请输入姓名' }).max(20)),
  idNumber: ZIdNumberSchema,
  birthDate: z.iso.date({ message: '出生日期格式应为 YYYY-MM-DD' }),
  address: plainName(z.string({ message: '请输入住址' }).trim().min(2, { message: '请输入住址' }).max(120)),
  communityId: ZUuidSchema,
  phone: ZPhoneSchema.optional(),
})
export type TRegisterElderRequest = z.infer<typeof ZRegisterElderRequestSchema>

export const ZElderSchema = z.object({
  id: z.string(),
  name: z.string(),
  idNumberMasked: z.string().nullable(),
  birthDate: z.string().nullable(),
  age: z.number().int().nullable(),
  address: z.string().nullable(),
  communityId: z.string().nullable(),
  communityName: z.string().nullable(),
  phoneMasked: z.string().nullable(),
})
export type TElder = z.infer<typeof ZElderSchema>

export const ZSearchEldersQuerySchema = z.object({
  q: z.string().trim().min(1, { message: '请输入姓名或身份证号' }).max(40),
})

export const ZBindCodeResponseSchema = z.object({
  code: z.string(),
  expiresAt: z.string(),
  /** data: URL of a PNG QR code for printing. */
  qrDataUrl: z.string(),
})
export type TBindCodeResponse = z.infer<typeof ZBindCodeResponseSchema>

export const ZNoticeSchema = z.object({
  id: z.string(),
  kind: z.string(),
  title: z.string(),
  body: z.string(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
  /** the page that opens the notice's object */
  link: z.string(),
})
export type TNotice = z.infer<typeof ZNoticeSchema>

export { ZUuidSchema }
