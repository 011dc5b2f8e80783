/// <reference types="@tarojs/taro" />

declare module '*.png'
declare module '*.scss'

/** Build-time constants from config/index.ts (defineConstants). */
declare const API_BASE: string
declare const CLOUD_ENV: string

declare namespace NodeJS {
  interface ProcessEnv {
    TARO_ENV: 'weapp' | 'h5' | 'swan' | 'alipay' | 'tt' | 'qq' | 'jd' | 'rn' | undefined
  }
}

/** The parts of the WeChat global the app touches directly (guarded at run time). */
declare const wx:
  | {
      cloud?: {
        init(opts: { env: string; traceUser?: boolean }): void
        callFunction(opts: { name: string; data: unknown }): Promise<{ result: unknown }>
        uploadFile(opts: {
          cloudPath: string
          filePath: string
          success?: (r: { fileID: string; statusCode: number }) => void
          fail?: (e: unknown) => void
        }): { onProgressUpdate?: (cb: (r: { progress: number }) => void) => void } | undefined
      }
      onNeedPrivacyAuthorization?: (listener: (resolve: (r: { event: 'agree' | 'disagree' | 'exposureAuthorization'; buttonId?: string }) => void, eventInfo: { referrer: string }) => void) => void
    }
  | undefined
