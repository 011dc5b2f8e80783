import { useRouter } from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import type { TCertificateCheck } from '@contracts/timebank'
import { ApiError, messageOf } from '@/api'
import { minutesLabel, timebankApi } from '@/api/timebank'
import { Page, StateView } from '@/components'
import { useAsync } from '@/hooks/use-async'
import { shanghai } from '@/utils/shanghai'
import './index.scss'

const day = (iso: string) => {
  const d = shanghai(iso)
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`
}

type Verdict = { valid: true; cert: TCertificateCheck } | { valid: false; reason: string }

/**
 * 证书核验: what the certificate's QR and link open. Anyone (an employer, a school) checks the code
 * without logging in: 证书有效 with the masked name, hours and dates, or 证书无效 saying why.
 */
export default function VerifyCertificatePage() {
  const code = (useRouter().params?.code ?? '').trim().toUpperCase()
  const check = useAsync<Verdict>(async () => {
    if (!/^[A-Z0-9]{12}$/.test(code)) return { valid: false, reason: '链接里的验证码不完整，请重新扫描证明上的二维码' }
    try {
      return { valid: true, cert: await timebankApi.verifyCertificate(code) }
    } catch (e) {
      // not found is the answer (无效), anything else (offline, server busy) is an error to retry
      if (e instanceof ApiError && e.status === 404) return { valid: false, reason: messageOf(e) }
      throw e
    }
  }, [code])
  const v = check.data
  return (
    <Page title='志愿服务时长证明核验'>
      <StateView loading={check.loading} error={check.error} empty={!v} emptyText='' onRetry={check.reload}>
        {v?.valid ? (
          <View className='lp-card tb-verify'>
            <Text className='tb-verdict tb-valid'>✓ 证书有效</Text>
            <Text className='tb-line'>{`志愿者 ${v.cert.name}`}</Text>
            <Text className='tb-line'>{`累计服务 ${v.cert.totalHours} 小时（${minutesLabel(v.cert.totalMinutes)}，${v.cert.services} 次）`}</Text>
            <Text className='tb-sub'>{v.cert.periodFrom ? `服务期间 ${day(v.cert.periodFrom)} 至 ${day(v.cert.issuedAt)}` : `开具日期 ${day(v.cert.issuedAt)}`}</Text>
            <Text className='tb-sub'>{`开具日期 ${day(v.cert.issuedAt)} · ${v.cert.issuer}`}</Text>
            <Text className='tb-sub'>{`验证码 ${v.cert.code}`}</Text>
          </View>
        ) : v ? (
          <View className='lp-card tb-verify'>
            <Text className='tb-verdict tb-invalid'>✗ 证书无效</Text>
            <Text className='tb-sub'>{v.reason}</Text>
            {code ? <Text className='tb-sub'>{`验证码 ${code}`}</Text> : null}
          </View>
        ) : null}
      </StateView>
    </Page>
  )
}
