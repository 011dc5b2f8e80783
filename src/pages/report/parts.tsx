import Taro from '@tarojs/taro'
import { View, Text, Image } from '@tarojs/components'
import type { TReportDetail, TReportSummary } from '../../../types/reports'
import { photoUrl, shortTime } from '../../api/reports'
import { Section, usePhotoViewer } from '../../components'

export function ReportRow({ r, url }: { r: TReportSummary; url: string }) {
  return (
    <View className='lp-card rp-item rp-row' ariaRole='button' onClick={() => void Taro.navigateTo({ url })}>
      {r.thumbnailUrl ? <Image className='rp-item-thumb' mode='aspectFill' src={photoUrl(r.thumbnailUrl)} /> : null}
      <View className='rp-item-body'>
        <View>
          <Text className='lp-badge'>{r.statusLabel}</Text>
          {r.overdue ? <Text className='lp-badge rp-overdue'>已超时</Text> : null}
        </View>
        <Text className='rp-strong'>
          {r.categoryName}：{r.description}
        </Text>
        <Text className='lp-hint'>
          {r.number} · 处理单位：{r.holder}
        </Text>
        <Text className='lp-hint'>期限：{shortTime(r.deadlineAt)}</Text>
      </View>
    </View>
  )
}

export function Photos({ r, kind, title }: { r: TReportDetail; kind: string; title: string }) {
  const ps = r.photos.filter((p) => p.kind === kind)
  const { open, viewer } = usePhotoViewer()
  if (ps.length === 0) return null
  const full = ps.map((p) => photoUrl(p.url))
  return (
    <View className={`rp-photos-${kind}`}>
      <Text className='rp-strong'>{title}</Text>
      <Text className='lp-hint'>点照片看大图</Text>
      <View className='rp-gallery'>
        {ps.map((p, i) => (
          <Image key={p.key} className='rp-big-photo' mode='aspectFill' src={photoUrl(p.thumbnailUrl)} ariaLabel={`${title}第 ${i + 1} 张，点开看大图`} onClick={() => open(full, i)} />
        ))}
      </View>
      {viewer}
    </View>
  )
}

export function Timeline({ r }: { r: TReportDetail }) {
  return (
    <Section title='处理进度'>
      {r.timeline.map((e) => (
        <View key={e.id} className='rp-step'>
          <Text className='rp-strong'>
            {e.label}
            {e.public ? '' : '（内部）'}
          </Text>
          <Text className='lp-hint'>
            {shortTime(e.at)} · {e.actorRole}
          </Text>
          {e.reason ? <Text className='rp-line'>{e.reason}</Text> : null}
        </View>
      ))}
    </Section>
  )
}

export function Summary({ r }: { r: TReportDetail }) {
  return (
    <View className='lp-card'>
      <View>
        <Text className='lp-badge rp-status'>{r.statusLabel}</Text>
        {r.overdue ? <Text className='lp-badge rp-overdue'>已超时</Text> : null}
      </View>
      <Text className='rp-strong'>
        {r.categoryName} · {r.number}
      </Text>
      <Text className='rp-line'>{r.description}</Text>
      <Text className='rp-line rp-holder'>现在由：{r.holder}处理</Text>
      <Text className='rp-line'>处理期限：{shortTime(r.deadlineAt)}</Text>
      {r.address ? <Text className='lp-hint'>地点：{r.address}</Text> : null}
      <Text className='lp-hint'>
        上报时间：{shortTime(r.createdAt)} · {r.supporters} 人也遇到
      </Text>
      {r.rejectReason ? <Text className='rp-line'>不受理原因：{r.rejectReason}</Text> : null}
      {r.resolutionNote ? <Text className='rp-line'>处理说明：{r.resolutionNote}</Text> : null}
      {r.rating ? <Text className='rp-line'>评价：{'★'.repeat(r.rating)}</Text> : null}
      <Photos r={r} kind='before' title='现场照片' />
      <Photos r={r} kind='after' title='处理后照片' />
      <Photos r={r} kind='comment' title='补充照片' />
      <Photos r={r} kind='reopen' title='重新处理的照片' />
    </View>
  )
}
