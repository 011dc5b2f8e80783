import { useRouter } from '@tarojs/taro'
import { Text } from '@tarojs/components'
import { deliberationApi } from '@/api/deliberation'
import { Page, StateView } from '@/components'
import { useAsync } from '@/hooks/use-async'
import { shanghaiDateTime } from '@/utils/shanghai'
import '../deliberation.scss'

/** 议事会签到: opened by the QR at the door; points come through the community's 参加活动 rule. */
export default function MeetingCheckIn() {
  const { params } = useRouter()
  const signed = useAsync(() => deliberationApi.checkIn(decodeURIComponent(params.code ?? '')), [params.code])
  return (
    <Page title='议事会签到'>
      <StateView loading={signed.loading} error={signed.error} empty={!signed.data} emptyText='' onRetry={signed.reload}>
        {signed.data ? (
          <>
            <Text className='dl-readback'>签到成功</Text>
            <Text className='dl-text'>{`${signed.data.title} · ${shanghaiDateTime(signed.data.startsAt)} · ${signed.data.place}`}</Text>
            <Text className='lp-hint'>参加议事会的积分稍后到账。</Text>
          </>
        ) : null}
      </StateView>
    </Page>
  )
}
