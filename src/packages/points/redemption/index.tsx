import { useState } from 'react'
import { useRouter } from '@tarojs/taro'
import { View, Text, Image } from '@tarojs/components'
import { pointsApi } from '@/api/points'
import { Btn, Message, Page, StateView } from '@/components'
import { useAsync } from '@/hooks/use-async'
import { useAction } from '@/hooks/use-action'
import { dayOf } from '../format'
import './index.scss'

/** The resident's 兑换码: shown at the counter, staff scan the QR or type the 8 digits. */
export default function RedemptionPage() {
  const id = useRouter().params.id ?? ''
  const r = useAsync(() => pointsApi.redemption(id), [id], Boolean(id))
  const { busy, error, act } = useAction()
  const [asking, setAsking] = useState(false)
  const cancel = async () => {
    await act(async () => {
      await pointsApi.cancel(id)
      setAsking(false)
      r.reload()
    })
  }
  const d = r.data
  return (
    <Page title='兑换凭证'>
      <StateView loading={r.loading} error={r.error} empty={!d} emptyText='找不到这条兑换记录' onRetry={r.reload}>
        {d ? (
          <View className='lp-card'>
            <Text className='lp-body lp-block'>{d.goodsName}</Text>
            <Text className='lp-hint'>使用 {d.points} 积分</Text>
            {d.status === 'held' ? (
              <>
                {d.qrDataUrl ? <Image className='pts-qr' src={d.qrDataUrl} mode='aspectFit' /> : null}
                <Text className='lp-hint'>核销码</Text>
                <Text className='pts-code'>{d.code}</Text>
                <Text className='lp-body lp-block'>请在 {dayOf(d.holdUntil)} 前到社区服务中心，把这个页面给工作人员看。</Text>
                {asking ? (
                  <View className='lp-row'>
                    <Btn kind='danger' busy={busy} onClick={() => void cancel()}>
                      确认取消，积分退回
                    </Btn>
                    <Btn kind='secondary' onClick={() => setAsking(false)}>
                      不取消
                    </Btn>
                  </View>
                ) : (
                  <Btn kind='secondary' onClick={() => setAsking(true)}>
                    不要了，取消兑换
                  </Btn>
                )}
              </>
            ) : (
              <Text className='lp-body lp-block'>{d.status === 'redeemed' ? '已领取，谢谢参与！' : d.status === 'cancelled' ? '已取消，积分已退回。' : '超过期限未领取，积分已退回。'}</Text>
            )}
            <Message kind='error' text={error} />
          </View>
        ) : null}
      </StateView>
    </Page>
  )
}
