import { useState } from 'react'
import { View, Input, Picker } from '@tarojs/components'
import { checkupsStaffApi } from '@/api/checkups'
import { Btn, ListSection, Message, Section } from '@/components'
import { useAsync } from '@/hooks/use-async'
import { shanghaiDate } from '../shared'
import { cameraScanAvailable } from '@/components/camera-scan'
import { RosterEntry } from './roster-entry'
import { useCheckIn } from './use-check-in'

/** 今日名单 with check-in: scan the elder's QR, type its code, or find the elder by name / ID digits. */
export function Today({ campaignId }: { campaignId: string }) {
  // no date chosen: the server's today (its clock decides what "today" is, not the phone's)
  const [date, setDate] = useState<string | undefined>(undefined)
  const roster = useAsync(() => checkupsStaffApi.roster(campaignId, date), [campaignId, date])
  const shownDate = date ?? roster.data?.date ?? shanghaiDate()
  const { code, setCode, checkIn, scan, scanH5, scanning, busy, msg, say } = useCheckIn(roster.reload)
  const [q, setQ] = useState('')
  const items = roster.data?.items ?? []
  const needle = q.trim()
  const shown = needle ? items.filter((r) => r.elderName.includes(needle) || (r.idNumberMasked ?? '').replace(/\*/g, '').includes(needle.slice(-4)) || (r.phone ?? '').endsWith(needle)) : items
  const done = items.filter((r) => r.status === 'checked_in' || r.status === 'done').length
  return (
    <View>
      <View className='cks-row'>
        <Picker mode='date' value={shownDate} onChange={(e) => setDate(String(e.detail.value))}>
          <View className='lp-picker'>日期 {shownDate}</View>
        </Picker>
      </View>
      <Section title='签到'>
        {process.env.TARO_ENV === 'weapp' ? <Btn onClick={() => void scan()}>扫老人的预约二维码</Btn> : null}
        {process.env.TARO_ENV === 'h5' && cameraScanAvailable() ? (
          <Btn kind={scanning ? 'plain' : 'primary'} onClick={() => void scanH5()}>
            {scanning ? '关闭摄像头' : '用摄像头扫老人的预约二维码'}
          </Btn>
        ) : null}
        <View id='cks-scan' />
        <View className='cks-row'>
          <Input
            className='lp-input cks-code'
            value={code}
            placeholder='签到码（如 K7P2-9QXM）或身份证号'
            ariaLabel='签到码或身份证号'
            onInput={(e) => setCode(e.detail.value)}
            onConfirm={() => void checkIn(code)}
          />
          <Btn kind='secondary' busy={busy} disabled={!code.trim()} onClick={() => void checkIn(code)}>
            签到
          </Btn>
        </View>
        <Input className='lp-input cks-search' value={q} placeholder='姓名、身份证后四位或手机尾号' onInput={(e) => setQ(e.detail.value)} />
        <Message kind={msg?.kind} text={msg?.text} />
      </Section>
      <ListSection title={`名单（已签到 ${done}/${items.length}）`} state={roster} empty={shown.length === 0} emptyText={needle ? '名单里没有找到这位老人' : '这一天没有预约'}>
        {shown.map((r) => (
          <RosterEntry
            key={r.bookingId}
            r={r}
            onChanged={(m) => {
              say(m)
              roster.reload()
            }}
          />
        ))}
      </ListSection>
    </View>
  )
}
