import { useState } from 'react'
import { View, Text, Image, Input } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { certificatePagePath, type TCertificate } from '@contracts/timebank'
import { loadMe } from '@/stores/session'
import { downloadCertificateImage, minutesLabel, timebankApi } from '@/api/timebank'
import { Btn, Message, Page, Section, StateView } from '@/components'
import { useAction } from '@/hooks/use-action'
import { useAsync } from '@/hooks/use-async'
import './index.scss'

/** 我的时长: balance, history, the certificate with its QR, and gifts to a parent. */
export default function HoursPage() {
  const mine = useAsync(() => timebankApi.me(), [])
  const me = useAsync(() => loadMe(), [])
  const [cert, setCert] = useState<TCertificate | null>(null)
  const { busy, msg, act } = useAction()
  const [minutes, setMinutes] = useState('60')
  const parents = (me.data?.familyLinks ?? []).filter((l) => l.status === 'active' && l.memberId === me.data?.user.id)
  const d = mine.data
  return (
    <Page title='我的时长'>
      <Message kind={msg?.kind} text={msg?.text} />
      <StateView loading={mine.loading} error={mine.error} empty={false} emptyText='' onRetry={mine.reload}>
        {d ? (
          <View className='lp-card'>
            <Text className='tb-balance'>{`可用 ${minutesLabel(d.balanceMinutes)}`}</Text>
            <Text className='tb-sub'>{`累计服务 ${d.servicesDone} 次，记 ${minutesLabel(d.earnedMinutes)}`}</Text>
            <Text className='tb-sub'>{`今天已记 ${d.todayCreditedMinutes} / ${d.dailyCapMinutes} 分钟`}</Text>
          </View>
        ) : null}
      </StateView>
      <Section title='志愿服务时长证明'>
        {cert ? (
          <View className='lp-card'>
            <Text className='tb-line'>{`${cert.name} 累计志愿服务 ${cert.totalHours} 小时（${cert.services} 次）`}</Text>
            <Text className='tb-sub'>{`验证码：${cert.code}`}</Text>
            {cert.qrDataUrl ? <Image className='tb-qr' src={cert.qrDataUrl} /> : null}
            <Text className='tb-sub'>扫码或打开以下网址即可核验：</Text>
            {/* the link wraps inside the card and opens the in-app 核验 page (what others see when they scan) */}
            <Text className='tb-sub tb-link' onClick={() => void Taro.navigateTo({ url: certificatePagePath(cert.code) })}>
              {cert.verifyUrl}
            </Text>
            <Btn
              className='tb-cert-download'
              kind='secondary'
              busy={busy}
              onClick={() =>
                void act(async () => {
                  await downloadCertificateImage(cert)
                  return '证明图片已生成，可保存或打印'
                })
              }
            >
              下载证明图片
            </Btn>
          </View>
        ) : (
          <Btn busy={busy} onClick={() => void act(async () => setCert(await timebankApi.certificate()))}>
            开具时长证明
          </Btn>
        )}
      </Section>
      {parents.length > 0 ? (
        <Section title='赠送给家里的老人'>
          <Input className='lp-input' type='number' value={minutes} onInput={(e) => setMinutes(e.detail.value)} />
          {parents.map((l) => (
            <Btn
              key={l.elderId}
              kind='secondary'
              busy={busy}
              onClick={() =>
                void act(async () => {
                  const r = await timebankApi.gift(l.elderId, Number(minutes))
                  mine.reload()
                  return `已送给${r.toName} ${minutesLabel(r.minutes)}`
                })
              }
            >
              {`送给${l.elderName}`}
            </Btn>
          ))}
        </Section>
      ) : null}
      <Section title='收支明细'>
        <StateView loading={mine.loading} error={mine.error} empty={(d?.history.length ?? 0) === 0} emptyText='还没有时长记录' onRetry={mine.reload}>
          {d?.history.map((h) => (
            <View key={`${h.journalId}-${h.minutes}`} className='lp-card'>
              <Text className='tb-line'>{`${h.minutes > 0 ? '+' : ''}${h.minutes} 分钟`}</Text>
              <Text className='tb-sub'>{h.memo}</Text>
            </View>
          ))}
        </StateView>
      </Section>
    </Page>
  )
}
