import { useState } from 'react'
import Taro from '@tarojs/taro'
import { View, Text, Input } from '@tarojs/components'
import type { TOrgTreeNode, TStaffView } from '../../../../types/admin'
import { ROLE_LABELS, type TRole } from '../../../../types/org'
import { messageOf } from '../../../api'
import { adminApi, type OneTimePassword } from '../../../api/admin'
import { Btn, ListSection, Message, Section } from '../../../components'
import { useAsync } from '../../../hooks/use-async'
import { useMe } from '../../../stores/session'
import { AdminPage } from '../admin-page'

/** The kinds of unit each staff role is held at (the server checks the same). */
const ROLE_KINDS: Partial<Record<TRole, TOrgTreeNode['kind'][]>> = {
  grid_worker: ['grid'],
  community_staff: ['community'],
  cluster_lead: ['cluster'],
  department_staff: ['department'],
  health_staff: ['street', 'community'],
  street_admin: ['street'],
}

function flatten(nodes: TOrgTreeNode[]): TOrgTreeNode[] {
  return nodes.flatMap((n) => [n, ...flatten(n.children)])
}

/** A one-time password is shown once: copy it now and hand it over in person. */
function OneTime({ otp, onClose }: { otp: OneTimePassword; onClose: () => void }) {
  const [copied, setCopied] = useState(false)
  return (
    <Section title={`账号 ${otp.username} 的一次性密码`}>
      <Text className='lp-hint lp-block'>只显示这一次。请复制后当面交给本人，首次登录时必须修改。</Text>
      <Text className='adm-otp'>{otp.oneTimePassword}</Text>
      <Btn
        className='adm-copy'
        onClick={() =>
          void Taro.setClipboardData({ data: otp.oneTimePassword }).then(
            () => setCopied(true),
            () => setCopied(false),
          )
        }
      >
        {copied ? '已复制' : '复制密码'}
      </Btn>
      <Btn kind='secondary' onClick={onClose}>
        我已交给本人
      </Btn>
    </Section>
  )
}

function CreateStaff({ units, onCreated }: { units: TOrgTreeNode[]; onCreated: (otp: OneTimePassword) => void }) {
  const { me } = useMe()
  const streetAdmin = Boolean(me?.roles.some((r) => r.role === 'street_admin'))
  const roles = (Object.keys(ROLE_KINDS) as TRole[]).filter((r) => streetAdmin || (r !== 'street_admin' && r !== 'cluster_lead'))
  const [form, setForm] = useState({ name: '', username: '', phone: '' })
  const [role, setRole] = useState<TRole>('grid_worker')
  const [unitId, setUnitId] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const choices = units.filter((u) => !u.closedAt && ROLE_KINDS[role]!.includes(u.kind))
  const submit = async () => {
    setError(null)
    if (!form.name.trim()) return setError('请填写姓名')
    if (!/^[a-z0-9_.-]{3,32}$/.test(form.username.trim().toLowerCase())) return setError('账号为 3–32 位小写字母、数字或 _ . -')
    if (form.phone && !/^1[3-9]\d{9}$/.test(form.phone.trim())) return setError('手机号应为 11 位数字')
    if (!unitId) return setError('请选择所在单位')
    setBusy(true)
    try {
      const otp = await adminApi.createStaff({ name: form.name.trim(), username: form.username.trim().toLowerCase(), phone: form.phone.trim() || null, roles: [{ role, orgUnitId: unitId }] })
      setForm({ name: '', username: '', phone: '' })
      onCreated(otp)
    } catch (e) {
      setError(messageOf(e))
    } finally {
      setBusy(false)
    }
  }
  const field = (k: keyof typeof form, label: string, placeholder: string) => (
    <View className='lp-field'>
      <Text className='lp-label'>{label}</Text>
      <Input className={`lp-input adm-staff-${k}`} value={form[k]} placeholder={placeholder} onInput={(e) => setForm((f) => ({ ...f, [k]: e.detail.value }))} />
    </View>
  )
  return (
    <Section title='新建工作人员'>
      {field('name', '姓名', '例如：张伟')}
      {field('username', '账号', '小写字母或数字，例如 zhangwei')}
      {field('phone', '手机（可不填）', '11 位手机号')}
      <Text className='lp-label'>角色</Text>
      <View className='adm-chips'>
        {roles.map((r) => (
          <View key={r} className={`adm-chip ${r === role ? 'adm-chip-on' : ''}`} ariaRole='button' onClick={() => (setRole(r), setUnitId(null))}>
            <Text>{ROLE_LABELS[r]}</Text>
          </View>
        ))}
      </View>
      <Text className='lp-label'>所在单位</Text>
      <View className='adm-chips'>
        {choices.length === 0 ? <Text className='lp-hint'>还没有可选的单位，请先在「组织架构」里建好</Text> : null}
        {choices.map((u) => (
          <View key={u.id} className={`adm-chip ${u.id === unitId ? 'adm-chip-on' : ''}`} ariaRole='button' onClick={() => setUnitId(u.id)}>
            <Text>{u.name}</Text>
          </View>
        ))}
      </View>
      <Btn busy={busy} className='adm-staff-submit' onClick={() => void submit()}>
        {busy ? '正在创建…' : '创建账号'}
      </Btn>
      <Message kind='error' text={error} />
    </Section>
  )
}

function StaffRow({ s, onOtp, onChanged }: { s: TStaffView; onOtp: (otp: OneTimePassword) => void; onChanged: () => void }) {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const run = async (fn: () => Promise<unknown>) => {
    setBusy(true)
    setError(null)
    try {
      await fn()
      onChanged()
    } catch (e) {
      setError(messageOf(e))
    } finally {
      setBusy(false)
    }
  }
  return (
    <View className='adm-tr'>
      <Text className='adm-td lp-body'>
        {s.name}（{s.username}）
      </Text>
      <Text className='adm-td lp-hint'>{s.roles.map((r) => `${ROLE_LABELS[r.role]}·${r.orgUnitName}`).join('、')}</Text>
      <Text className='adm-td lp-hint'>
        {s.disabled ? '已停用' : s.lockedUntil ? '已锁定' : s.mustChangePassword ? '待改密码' : '正常'}
        {s.demoAccount ? '（演示）' : ''}
      </Text>
      <View className='adm-td adm-chips'>
        <Btn kind='plain' busy={busy} onClick={() => void run(async () => onOtp(await adminApi.resetPassword(s.id)))}>
          重置密码
        </Btn>
        <Btn kind={s.disabled ? 'secondary' : 'danger'} busy={busy} onClick={() => void run(() => adminApi.setDisabled(s.id, !s.disabled))}>
          {s.disabled ? '启用' : '停用'}
        </Btn>
        {s.lockedUntil ? (
          <Btn kind='plain' busy={busy} onClick={() => void run(() => adminApi.unlock(s.id))}>
            解除锁定
          </Btn>
        ) : null}
      </View>
      <Message kind='error' text={error} />
    </View>
  )
}

export default function StaffPage() {
  const [q, setQ] = useState('')
  const [query, setQuery] = useState('')
  const list = useAsync(() => adminApi.staff({ q: query || undefined }), [query])
  const tree = useAsync(() => adminApi.orgUnits(), [])
  const [otp, setOtp] = useState<OneTimePassword | null>(null)
  const items = list.data?.items ?? []
  return (
    <AdminPage title='工作人员'>
      <View className='adm-layout'>
        <View className='adm-main'>
          <View className='lp-field'>
            <Input className='lp-input adm-search' value={q} placeholder='按姓名或账号查找' onInput={(e) => setQ(e.detail.value)} onConfirm={() => setQuery(q.trim())} />
            <Btn kind='secondary' onClick={() => setQuery(q.trim())}>
              查找
            </Btn>
          </View>
          <ListSection title='工作人员' state={list} empty={items.length === 0} emptyText='没有找到工作人员'>
            <View className='adm-table'>
              {items.map((s) => (
                <StaffRow key={s.id} s={s} onOtp={setOtp} onChanged={list.reload} />
              ))}
            </View>
          </ListSection>
        </View>
        <View className='adm-side'>
          {otp ? <OneTime otp={otp} onClose={() => setOtp(null)} /> : null}
          <Btn kind='secondary' className='adm-staff-import' onClick={() => void Taro.navigateTo({ url: '/packages/admin/staff/import' })}>
            从 Excel 批量导入
          </Btn>
          <CreateStaff
            units={flatten(tree.data?.items ?? [])}
            onCreated={(o) => {
              setOtp(o)
              list.reload()
            }}
          />
        </View>
      </View>
    </AdminPage>
  )
}
