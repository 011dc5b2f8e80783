import { useState } from 'react'
import Taro from '@tarojs/taro'
import { View, Text, Textarea, Input } from '@tarojs/components'
import type { TReportDetail } from '@contracts/reports'
import { messageOf } from '@/api'
import { ACTION_LABELS, reportsApi } from '@/api/reports'
import { Btn, GeoMap, Message, Section, StateView } from '@/components'
import { currentPosition, distanceMeters, distanceText, mapLink } from '@/utils/geo'
import { useAsync } from '@/hooks/use-async'
import { PhotoPicker, usePhotos } from '@/pages/report/PhotoPicker'
import { Summary, Timeline } from '@/pages/report/parts'

/** Order of the buttons: the usual next step first. */
const ORDER = ['accept', 'start', 'resolve', 'assign', 'escalate', 'dispatch', 'merge', 'reject', 'reassign', 'note', 'comment']
const NEEDS_REASON: Record<string, string> = { reject: '不受理的原因（居民能看到）', escalate: '为什么需要片区协调', reassign: '为什么不归我们处理' }

/** Why 确定 is still greyed out, in words (a disabled button alone says nothing). */
function whyNotReady(mode: string, text: string, photoCount: number, uploading: boolean): string {
  const t = text.trim().length
  if (mode === 'resolve') {
    const missing = [photoCount === 0 ? '至少 1 张处理后的照片' : '', t < 2 ? '处理说明（至少 2 个字，居民能看到）' : ''].filter(Boolean)
    if (uploading) return '照片还在上传，请稍等'
    return `还差：${missing.join('、')}`
  }
  if (mode === 'assign') return '请先选一位网格员'
  if (mode === 'dispatch') return '请先选一个部门'
  if (mode === 'merge') return '请先填写要合并到的工单编号'
  if (NEEDS_REASON[mode]) return `请填写${NEEDS_REASON[mode]}（至少 2 个字）`
  return '请先填写内容'
}

/** Where the problem is: map with the grid boundary, 导航, distance from me. */
function WhereItIs({ r }: { r: TReportDetail }) {
  const [dist, setDist] = useState<string | null>(null)
  const [locating, setLocating] = useState(false)
  const point = { lat: r.lat, lng: r.lng }
  const place = r.address || `${r.categoryName}（${r.number}）`
  const navigate = () => {
    if (process.env.TARO_ENV === 'weapp') {
      void Taro.openLocation({ latitude: r.lat, longitude: r.lng, name: place, address: r.gridName, scale: 17 })
    } else if (typeof window !== 'undefined') {
      window.open(mapLink(point, place), '_blank', 'noopener')
    }
  }
  const measure = async () => {
    setLocating(true)
    try {
      const me = await currentPosition()
      setDist(`距您${distanceText(distanceMeters(me, point))}（直线）`)
    } catch {
      setDist('没有拿到您的位置，算不出距离。可以直接点「导航」。')
    } finally {
      setLocating(false)
    }
  }
  return (
    <Section title='在哪里'>
      <View className='lp-card sr-where'>
        {r.address ? <Text className='rp-line'>地址：{r.address}</Text> : <Text className='lp-hint'>上报人没有写地址，以地图上的位置为准。</Text>}
        <GeoMap point={point} boundary={r.gridBoundary} label={r.gridName.startsWith(r.communityName) ? r.gridName : `${r.communityName} · ${r.gridName}`} />
        <View className='lp-row'>
          {process.env.TARO_ENV === 'weapp' ? (
            <Btn className='sr-nav' onClick={navigate}>
              导航
            </Btn>
          ) : (
            <a className='lp-btn lp-btn-primary sr-nav' href={mapLink(point, place)} target='_blank' rel='noopener noreferrer'>
              导航
            </a>
          )}
          <Btn kind='secondary' className='sr-distance' busy={locating} onClick={() => void measure()}>
            {locating ? '正在定位…' : '离我多远'}
          </Btn>
        </View>
        {dist ? <Text className='rp-line sr-dist'>{dist}</Text> : null}
      </View>
    </Section>
  )
}

/** 联系上报人: the full number only on tap (the server records who looked), never when they asked not to be called. */
function CallReporter({ r }: { r: TReportDetail }) {
  const [phone, setPhone] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  if (!r.reporter) return null
  if (!r.reporter.contactable) {
    return <Text className='lp-hint sr-no-contact'>{r.noContact ? '上报人选择了「不希望被联系」，请通过处理说明回复 TA。' : '上报人没有留手机号。'}</Text>
  }
  const reveal = async () => {
    setBusy(true)
    setError(null)
    try {
      const res = await reportsApi.reporterPhone(r.id)
      setPhone(res.phone)
    } catch (e) {
      setError(messageOf(e))
    } finally {
      setBusy(false)
    }
  }
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

function StaffActions({ r, onChange }: { r: TReportDetail; onChange: (r: TReportDetail) => void }) {
  const [mode, setMode] = useState('')
  const [text, setText] = useState('')
  const [target, setTarget] = useState('')
  const [busy, setBusy] = useState(false)
  const [msg, setMsg] = useState<{ kind: 'error' | 'success'; text: string } | null>(null)
  const photos = usePhotos([], 3)
  const needsOptions = mode === 'assign' || mode === 'dispatch'
  const options = useAsync(() => reportsApi.options(), [needsOptions], needsOptions)
  const actions = ORDER.filter((a) => r.can.includes(a))
  const run = async (action: string, body: Record<string, unknown>) => {
    setBusy(true)
    setMsg(null)
    try {
      const next = await reportsApi.act(r.id, action, body)
      onChange(next)
      setMode('')
      setText('')
      setTarget('')
      photos.reset()
      setMsg({ kind: 'success', text: `${ACTION_LABELS[action] ?? action}：已完成，现在「${next.statusLabel}」` })
    } catch (e) {
      setMsg({ kind: 'error', text: messageOf(e) })
    } finally {
      setBusy(false)
    }
  }
  const direct = (a: string) => a === 'accept' || a === 'start'
  const submit = () => {
    const t = text.trim()
    switch (mode) {
      case 'reject':
      case 'escalate':
      case 'reassign':
        return run(mode, { reason: t })
      case 'note':
        return run('note', { text: t })
      case 'comment':
        return run('comment', { text: t, photoKeys: photos.done.map((p) => p.key) })
      case 'resolve':
        return run('resolve', { note: t, photoKeys: photos.done.map((p) => p.key) })
      case 'merge':
        return run('merge', { targetId: target.trim(), reason: t || undefined })
      case 'assign':
        return run('assign', { assigneeId: target, reason: t || undefined })
      case 'dispatch':
        return run('dispatch', { departmentId: target, reason: t || undefined })
    }
  }
  const ready =
    mode === 'resolve'
      ? text.trim().length >= 2 && photos.done.length > 0 && !photos.busy
      : mode === 'assign' || mode === 'dispatch' || mode === 'merge'
        ? Boolean(target.trim())
        : NEEDS_REASON[mode]
          ? text.trim().length >= 2
          : text.trim().length >= 1
  return (
    <Section title='处理'>
      <Message kind={msg?.kind} text={msg?.text} />
      {mode === '' ? (
        actions.length === 0 ? (
          <Text className='lp-hint'>这条工单现在不需要您操作。</Text>
        ) : (
          <View className='sr-actions'>
            {actions.map((a, i) => (
              <Btn key={a} kind={i === 0 ? 'primary' : a === 'reject' ? 'danger' : 'secondary'} busy={busy} onClick={() => (direct(a) ? void run(a, {}) : setMode(a))}>
                {ACTION_LABELS[a] ?? a}
              </Btn>
            ))}
          </View>
        )
      ) : (
        <View className='lp-card sr-form'>
          <Text className='rp-strong'>{ACTION_LABELS[mode]}</Text>
          {mode === 'assign' || mode === 'dispatch' ? (
            <StateView loading={options.loading} error={options.error} empty={!options.data} emptyText='没有可选的对象' onRetry={options.reload}>
              {(mode === 'assign' ? options.data?.gridWorkers.map((g) => ({ id: g.id, label: `${g.name}（${g.unitName}）` })) : options.data?.departments.map((d) => ({ id: d.id, label: d.name })))?.map((o) => (
                <View key={o.id} className={`lp-choice ${target === o.id ? 'rp-choice-on' : ''}`} ariaRole='radio' onClick={() => setTarget(o.id)}>
                  <Text>{o.label}</Text>
                </View>
              ))}
            </StateView>
          ) : null}
          {mode === 'merge' ? <Input className='lp-input' placeholder='合并到的工单编号（ID）' value={target} onInput={(e) => setTarget(e.detail.value)} /> : null}
          {mode === 'resolve' ? <PhotoPicker photos={photos} addLabel='拍处理后的照片' /> : null}
          {mode === 'comment' ? <PhotoPicker photos={photos} addLabel='加照片' /> : null}
          <Textarea
            className='rp-textarea'
            placeholder={mode === 'resolve' ? '处理说明（居民能看到）' : mode === 'note' ? '内部备注（居民看不到）' : NEEDS_REASON[mode] ?? '说明（选填）'}
            maxlength={300}
            value={text}
            onInput={(e) => setText(e.detail.value)}
          />
          {!ready && !busy ? <Text className='lp-hint sr-why'>{whyNotReady(mode, text, photos.done.length, photos.busy)}</Text> : null}
          <Btn busy={busy} disabled={!ready} onClick={() => void submit()}>
            确定
          </Btn>
          <Btn kind='plain' onClick={() => (setMode(''), setMsg(null))}>
            返回
          </Btn>
        </View>
      )}
    </Section>
  )
}

/** One ticket with everything staff need: used by the 工单处理 page and the desk's side panel. */
export function StaffTicket({ id, onChanged }: { id: string; onChanged?: () => void }) {
  const res = useAsync(() => reportsApi.get(id), [id])
  const [fresh, setFresh] = useState<TReportDetail | null>(null)
  const r = fresh ?? res.data
  return (
    <>
      <StateView loading={res.loading} error={res.error} empty={!r} emptyText='没有找到这条工单' onRetry={res.reload}>
        {r ? (
          <>
            <Summary r={r} />
            <View className='lp-card'>
              <Text className='rp-line'>
                {r.gridName.startsWith(r.communityName) ? r.gridName : `${r.communityName} · ${r.gridName}`}
                {r.departmentName ? ` · ${r.departmentName}` : ''}
              </Text>
              {r.assigneeName ? <Text className='rp-line'>网格员：{r.assigneeName}</Text> : null}
              {r.reporter ? (
                <Text className='rp-line'>
                  上报人：{r.reporter.name}
                  {r.reporter.phoneMasked ? `（${r.reporter.phoneMasked}）` : ''}
                  {r.anonymous ? ' · 对公众匿名' : ''}
                </Text>
              ) : null}
              <CallReporter r={r} />
            </View>
            <WhereItIs r={r} />
            <StaffActions r={r} onChange={(next) => (setFresh(next), onChanged?.())} />
            <Timeline r={r} />
          </>
        ) : null}
      </StateView>
    </>
  )
}
