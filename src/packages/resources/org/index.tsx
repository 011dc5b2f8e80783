import { useState } from 'react'
import { useRouter } from '@tarojs/taro'
import { View, Text, Input, Image } from '@tarojs/components'
import { ORGANISATION_KIND_LABELS, ORGANISATION_KINDS, ORGANISATION_STATUS_LABELS, type TActivityCode, type TOrganisation, type TOrganisationKind } from '@contracts/resources'
import { organisationsApi } from '@/api/resources'
import { Btn, DateTimeField, Message, Page, Section, StateView } from '@/components'
import { useAsync } from '@/hooks/use-async'
import { useAction } from '@/hooks/use-action'
import { rangeText, shanghaiIso, tomorrow } from '../format'
import '../resources.scss'

function Register({ onDone }: { onDone: () => void }) {
  const [name, setName] = useState('')
  const [kind, setKind] = useState<TOrganisationKind>('volunteer')
  const [description, setDescription] = useState('')
  const [phones, setPhones] = useState('')
  const { busy, msg, act } = useAction(onDone)
  const submit = () =>
    act(async () => {
      await organisationsApi.register({ name, kind, description, memberPhones: phones.split(/[\s,，]+/).filter(Boolean) })
      return '已提交，等社区审核通过后就可以以组织名义发布活动、预约场地'
    })
  return (
    <Section title='登记一个社会组织'>
      <Input className='lp-input' value={name} placeholder='组织名称，例如：东湖红马甲志愿服务队' onInput={(e) => setName(e.detail.value)} />
      <View>
        {ORGANISATION_KINDS.map((k) => (
          <View key={k} className={`lp-choice ${kind === k ? 'is-on' : ''}`} onClick={() => setKind(k)}>
            {ORGANISATION_KIND_LABELS[k]}
          </View>
        ))}
      </View>
      <Input className='lp-input' value={description} placeholder='做什么（选填）' onInput={(e) => setDescription(e.detail.value)} />
      <Input className='lp-input' value={phones} placeholder='成员手机号（选填，用逗号隔开）' onInput={(e) => setPhones(e.detail.value)} />
      <Btn busy={busy} onClick={() => void submit()}>
        提交登记（我是负责人）
      </Btn>
      <Message kind={msg?.kind === 'success' ? 'success' : 'error'} text={msg?.text ?? null} />
    </Section>
  )
}

function Activities({ org }: { org: TOrganisation }) {
  const list = useAsync(() => organisationsApi.activities(org.id), [org.id])
  const [title, setTitle] = useState('')
  const [place, setPlace] = useState('')
  const [date, setDate] = useState(tomorrow())
  const [from, setFrom] = useState('09:00')
  const [until, setUntil] = useState('11:00')
  const [code, setCode] = useState<TActivityCode | null>(null)
  const { busy, msg, act } = useAction(list.reload)
  const leader = org.myRole === 'leader'
  const items = list.data?.items ?? []
  return (
    <Section title='活动'>
      {leader && org.status === 'verified' ? (
        <View className='lp-card'>
          <Text className='lp-label lp-block'>发布活动</Text>
          <Input className='lp-input' value={title} placeholder='活动名称，例如：敬老院包饺子' onInput={(e) => setTitle(e.detail.value)} />
          <Input className='lp-input' value={place} placeholder='地点' onInput={(e) => setPlace(e.detail.value)} />
          <View className='rs-row'>
            <DateTimeField mode='date' value={date} onChange={setDate} label='活动日期' />
            <DateTimeField mode='time' value={from} onChange={setFrom} label='开始' />
            <DateTimeField mode='time' value={until} onChange={setUntil} label='结束' />
          </View>
          <Btn
            busy={busy}
            onClick={() =>
              void act(() => organisationsApi.publish(org.id, { title, place, startsAt: shanghaiIso(date, from), endsAt: shanghaiIso(date, until) }).then(() => '已发布，成员都收到了通知'))
            }
          >
            发布
          </Btn>
        </View>
      ) : null}
      <Message kind={msg?.kind === 'success' ? 'success' : 'error'} text={msg?.text ?? null} />
      <StateView loading={list.loading} error={list.error} empty={items.length === 0} emptyText='还没有活动' onRetry={list.reload}>
        {items.map((a) => (
          <View key={a.id} className='lp-card'>
            <Text className='lp-label lp-block'>{a.title}</Text>
            <Text className='lp-hint lp-block'>
              {rangeText(a.startsAt, a.endsAt)}
              {a.place ? ` · ${a.place}` : ''} · 已签到 {a.attendees} 人{a.signedIn ? ' · 我已签到' : ''}
            </Text>
            {leader ? (
              <Btn kind='secondary' busy={busy} onClick={() => void act(async () => setCode(await organisationsApi.code(a.id)))}>
                出示签到二维码
              </Btn>
            ) : null}
            {code?.activityId === a.id ? (
              <View>
                <Image className='rs-qr' src={code.qrDataUrl} ariaLabel='活动签到二维码' />
                <Text className='lp-hint lp-block'>成员用手机扫码签到，签到可得积分。</Text>
                <Text className='rs-code'>{code.url}</Text>
              </View>
            ) : null}
          </View>
        ))}
      </StateView>
    </Section>
  )
}

/** 以组织名义接单: the leader picks members and takes places of an open time bank request of the host community. */
function TeamRequests({ org }: { org: TOrganisation }) {
  const list = useAsync(() => organisationsApi.teamRequests(org.id), [org.id])
  const [chosen, setChosen] = useState<string[]>([])
  const { busy, msg, act } = useAction(list.reload)
  const items = list.data?.items ?? []
  const toggle = (userId: string) => setChosen((c) => (c.includes(userId) ? c.filter((x) => x !== userId) : [...c, userId]))
  return (
    <Section title='时间银行：以组织名义接单'>
      <Text className='lp-hint lp-block'>先选出要去的队员（须是社区认证的志愿者），再点某一单的“以组织名义接单”。</Text>
      <View>
        {(org.members ?? []).map((m) => (
          <View key={m.userId} className={`lp-choice ${chosen.includes(m.userId) ? 'is-on' : ''}`} onClick={() => toggle(m.userId)}>
            {m.name}
          </View>
        ))}
      </View>
      <StateView loading={list.loading} error={list.error} empty={items.length === 0} emptyText='社区现在没有待接的求助' onRetry={list.reload}>
        {items.map((r) => (
          <View key={r.id} className='lp-card'>
            <Text className='lp-label lp-block'>
              {r.serviceTypeLabel} · {r.elderName}
            </Text>
            <Text className='lp-hint lp-block'>
              {rangeText(r.startsAt, r.endsAt)} · 需要 {r.volunteersNeeded} 人，已有 {r.placesTaken} 人
            </Text>
            <Btn kind='secondary' busy={busy} onClick={() => void act(() => organisationsApi.teamAccept(org.id, r.id, chosen).then((p) => `已为 ${p.length} 名队员接单，他们会收到通知`))}>
              以组织名义接单
            </Btn>
          </View>
        ))}
      </StateView>
      <Message kind={msg?.kind === 'success' ? 'success' : 'error'} text={msg?.text ?? null} />
    </Section>
  )
}

function Organisation({ id, onChanged }: { id: string; onChanged: () => void }) {
  const org = useAsync(() => organisationsApi.get(id), [id])
  const [phone, setPhone] = useState('')
  const { busy, msg, act } = useAction(() => {
    org.reload()
    onChanged()
  })
  const o = org.data
  return (
    <StateView loading={org.loading} error={org.error} empty={!o} emptyText='' onRetry={org.reload}>
      {o ? (
        <>
          <View className='lp-card'>
            <Text className='lp-label lp-block'>{o.name}</Text>
            <Text className='lp-hint lp-block'>
              {ORGANISATION_KIND_LABELS[o.kind]} · {o.hostCommunityName} · {ORGANISATION_STATUS_LABELS[o.status]} · 负责人 {o.leaderName}
            </Text>
            {o.decisionNote ? <Text className='lp-hint lp-block'>社区说明：{o.decisionNote}</Text> : null}
          </View>
          <Section title={`成员（${o.memberCount}）`}>
            <Text className='lp-body lp-block'>{(o.members ?? []).map((m) => `${m.name}${m.role === 'leader' ? '（负责人）' : ''}`).join('、')}</Text>
            {o.myRole === 'leader' ? (
              <View className='rs-row'>
                <Input className='lp-input' type='number' value={phone} placeholder='新成员手机号' onInput={(e) => setPhone(e.detail.value)} />
                <Btn kind='secondary' busy={busy} onClick={() => void act(() => organisationsApi.addMember(o.id, phone).then(() => '已加入'))}>
                  加入成员
                </Btn>
              </View>
            ) : null}
            <Message kind={msg?.kind === 'success' ? 'success' : 'error'} text={msg?.text ?? null} />
          </Section>
          <Activities org={o} />
          {o.myRole === 'leader' && o.status === 'verified' ? <TeamRequests org={o} /> : null}
        </>
      ) : null}
    </StateView>
  )
}

/** 社会组织: my organisations (leader: members and activities with a sign-in QR), or register one. */
export default function OrganisationPage() {
  const params = useRouter().params
  const mine = useAsync(() => organisationsApi.mine(), [])
  const [picked, setPicked] = useState<string | undefined>(params.id)
  const items = mine.data?.items ?? []
  const current = picked ?? items[0]?.id
  return (
    <Page title='社会组织'>
      <StateView loading={mine.loading} error={mine.error} empty={false} emptyText='' onRetry={mine.reload}>
        {items.length > 1 ? (
          <View>
            {items.map((o) => (
              <View key={o.id} className={`lp-choice ${current === o.id ? 'is-on' : ''}`} onClick={() => setPicked(o.id)}>
                {o.name}
              </View>
            ))}
          </View>
        ) : null}
        {current ? <Organisation id={current} onChanged={mine.reload} /> : <Text className='lp-hint lp-block'>您还没有加入社会组织。</Text>}
        <Register onDone={mine.reload} />
      </StateView>
    </Page>
  )
}
