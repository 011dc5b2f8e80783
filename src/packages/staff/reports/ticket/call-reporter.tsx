import { useState } from 'react'
import Taro from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import type { TReportDetail } from '@contracts/reports'
import { reportsApi } from '@/api/reports'
import { Btn, Message } from '@/components'
import { useAction } from '@/hooks/use-action'

/** 联系上报人: the full number only on tap (the server records who looked), never when they asked not to be called. */
export function CallReporter({ r }: { r: TReportDetail }) {
  const [phone, setPhone] = useState<string | null>(null)
  const { busy, error, act } = useAction()
  if (!r.reporter) return null
  if (!r.reporter.contactable) {
    return <Text className='lp-hint sr-no-contact'>{r.noContact ? '上报人选择了「不希望被联系」，请通过处理说明回复 TA。' : '上报人没有留手机号。'}</Text>
  }
  const reveal = () => act(async () => setPhone((await reportsApi.reporterPhone(r.id)).phone))
  const call = () => {
    if (!phone) return
    if (process.env.TARO_ENV === 'weapp') void Taro.makePhoneCall({ phoneNumber: phone })
  }
  return (
    <View className='sr-call'>
      {phone ? (
        <>
          {process.env.TARO_ENV === 'weapp' ? (
            <Btn onClick={call}>拨打 {phone}</Btn>
          ) : (
            <a className='lp-btn lp-btn-primary sr-tel' href={`tel:${phone}`}>
              拨打 {phone}
            </a>
          )}
          <Text className='lp-hint'>查看号码已记录在操作日志中，只用于处理这条工单。</Text>
        </>
      ) : (
        <Btn kind='secondary' className='sr-reveal' busy={busy} onClick={() => void reveal()}>
          联系上报人（显示完整号码）
        </Btn>
      )}
      <Message kind='error' text={error} />
    </View>
  )
}
