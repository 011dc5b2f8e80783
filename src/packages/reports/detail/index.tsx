import { useState } from 'react'
import { useRouter } from '@tarojs/taro'
import { View, Text, Textarea } from '@tarojs/components'
import type { TReportDetail } from '@contracts/reports'
import { reportsApi } from '@/api/reports'
import { Btn, Message, Page, Section, StateView } from '@/components'
import { useAsync } from '@/hooks/use-async'
import { useAction } from '@/hooks/use-action'
import { PhotoPicker, usePhotos } from '@/pages/report/PhotoPicker'
import { Summary, Timeline } from '@/pages/report/parts'
import './index.scss'

function ResidentActions({ r, onChange }: { r: TReportDetail; onChange: (r: TReportDetail) => void }) {
  const [mode, setMode] = useState<'' | 'comment' | 'confirm' | 'reopen'>('')
  const [text, setText] = useState('')
  const [rating, setRating] = useState(0)
  const { busy, msg, act } = useAction()
  const photos = usePhotos([], 3)
  const can = (a: string) => r.can.includes(a)
  const run = async (action: string, body: Record<string, unknown>, done: string) => {
    await act(async () => {
      const next = await reportsApi.act(r.id, action, body)
      onChange(next)
      setMode('')
      setText('')
      photos.reset()
      return done
    })
  }
  const keys = photos.done.map((p) => p.key)
  return (
    <Section title='我可以'>
      <Message kind={msg?.kind} text={msg?.text} />
      {mode === '' ? (
        <View>
          {can('confirm') ? <Btn onClick={() => setMode('confirm')}>确认已解决并评价</Btn> : null}
          {can('reopen') ? (
            <Btn kind='secondary' onClick={() => setMode('reopen')}>
              没解决，重新处理
            </Btn>
          ) : null}
          {can('comment') ? (
            <Btn kind='secondary' onClick={() => setMode('comment')}>
              补充说明或照片
            </Btn>
          ) : null}
          {can('support') ? (
            <Btn busy={busy} onClick={() => void run('support', {}, '已记下，您也会收到处理进度')}>
              我也遇到
            </Btn>
          ) : null}
        </View>
      ) : null}
      {mode === 'confirm' ? (
        <View className='lp-card'>
          <Text className='rp-strong'>给这次处理打分</Text>
          <View className='rp-stars'>
            {[1, 2, 3, 4, 5].map((n) => (
              <View key={n} className={`lp-choice rp-star ${rating === n ? 'rp-choice-on' : ''}`} ariaRole='radio' onClick={() => setRating(n)}>
                <Text>{n} 星</Text>
              </View>
            ))}
          </View>
          <Textarea className='rp-textarea' placeholder='说说您的感受（选填）' maxlength={300} value={text} onInput={(e) => setText(e.detail.value)} />
          <Btn busy={busy} disabled={rating === 0} onClick={() => void run('confirm', { rating, comment: text.trim() || undefined }, '谢谢您的评价')}>
            提交评价
          </Btn>
          <Btn kind='plain' onClick={() => setMode('')}>
            返回
          </Btn>
        </View>
      ) : null}
      {mode === 'reopen' || mode === 'comment' ? (
        <View className='lp-card'>
          <Text className='rp-strong'>{mode === 'reopen' ? '还有什么问题？（7 天内可以重新处理）' : '补充说明'}</Text>
          <Textarea className='rp-textarea' placeholder={mode === 'reopen' ? '请写明原因' : '写点什么'} maxlength={300} value={text} onInput={(e) => setText(e.detail.value)} />
          <PhotoPicker photos={photos} addLabel='加照片' />
          <Btn
            busy={busy || photos.busy}
            disabled={text.trim().length < (mode === 'reopen' ? 2 : 1)}
            onClick={() => void (mode === 'reopen' ? run('reopen', { reason: text.trim(), photoKeys: keys }, '已重新交给处理单位') : run('comment', { text: text.trim(), photoKeys: keys }, '已补充'))}
          >
            {mode === 'reopen' ? '提交，重新处理' : '提交'}
          </Btn>
          <Btn kind='plain' onClick={() => setMode('')}>
            返回
          </Btn>
        </View>
      ) : null}
    </Section>
  )
}

export default function ReportDetailPage() {
  const { params } = useRouter()
  const id = params.id ?? ''
  const res = useAsync(() => reportsApi.get(id), [id])
  const [fresh, setFresh] = useState<TReportDetail | null>(null)
  const r = fresh ?? res.data
  return (
    <Page title='上报详情'>
      {params.new ? <Message kind='success' text='上报成功！社区会尽快处理，进度会在这里和消息里告诉您。' /> : null}
      <StateView loading={res.loading} error={res.error} empty={!r} emptyText='没有找到这条上报' onRetry={res.reload}>
        {r ? (
          <>
            <Summary r={r} />
            <ResidentActions r={r} onChange={setFresh} />
            <Timeline r={r} />
          </>
        ) : null}
      </StateView>
    </Page>
  )
}
