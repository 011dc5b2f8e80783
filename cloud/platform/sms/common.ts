/**
 * Where login codes go. A provider that cannot deliver throws SmsUnavailableError: the caller
 * answers SMS_UNAVAILABLE (503) and the code is not used up.
 */
export interface SmsProvider {
  sendLoginCode(phone: string, code: string): Promise<void>
  /**
   * A short notice (独居老人关爱 alerts to family, CARE_SMS=true). Optional: Tencent and Aliyun send only
   * pre-approved templates, so a provider without a notice template leaves this out and nothing is sent.
   */
  sendNotice?(phone: string, text: string): Promise<void>
}

/** The provider refused or could not be reached (the phone got nothing). */
export class SmsUnavailableError extends Error {
  constructor(
    readonly provider: string,
    readonly reason: string,
  ) {
    super(`${provider} SMS: ${reason}`)
    this.name = 'SmsUnavailableError'
  }
}

/** A provider that has not answered in this time is treated as down (the person may retry at once). */
export const SMS_TIMEOUT_MS = 5_000

/** Phones are stored as 11 digits; providers want E.164 for mainland China. */
export function chinaMainland(phone: string): string {
  return phone.startsWith('+') ? phone : `+86${phone}`
}
