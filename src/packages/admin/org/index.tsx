import { useState } from 'react'
import { View, Text, Input } from '@tarojs/components'
import type { TOrgTreeNode } from '../../../../types/admin'
import { messageOf } from '../../../api'
import { adminApi } from '../../../api/admin'
import { Btn, ListSection, Message, Section } from '../../../components'
import { useAsync } from '../../../hooks/use-async'
import { AdminPage } from '../admin-page'

const KIND_LABELS: Record<TOrgTreeNode['kind'], string> = { street: '街道', cluster: '片区', community: '社区', grid: '网格', department: '部门' }
/** What can be created under each kind. */
const CHILD_KINDS: Partial<Record<TOrgTreeNode['kind'], ('cluster' | 'community' | 'grid' | 'department')[]>> = {
  street: ['cluster', 'department'],
  cluster: ['community'],
  community: ['grid'],
}

function flatten(nodes: TOrgTreeNode[], depth = 0): { node: TOrgTreeNode; depth: number }[] {
  return nodes.flatMap((n) => [{ node: n, depth }, ...flatten(n.children, depth + 1)])
}

function UnitPanel({ unit, onChanged }: { unit: TOrgTreeNode; onChanged: () => void }) {
  const [name, setName] = useState('')
  const [rename, setRename] = useState(unit.name)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [info, setInfo] = useState<string | null>(null)
  const run = async (fn: () => Promise<unknown>, done: string) => {
    setBusy(true)
    setError(null)
    setInfo(null)
    try {
      await fn()
      setInfo(done)
      onChanged()
    } catch (e) {
      setError(messageOf(e))
    } finally {
      setBusy(false)
    }
  }
  const kinds = unit.closedAt ? [] : (CHILD_KINDS[unit.kind] ?? [])
  return (
    <Section title={`${KIND_LABELS[unit.kind]}：${unit.name}`}>
      <Text className='lp-hint lp-block'>
        在岗工作人员 {unit.staffCount} 人{unit.closedAt ? `；已于 ${unit.closedAt.slice(0, 10)} 撤销` : ''}
      </Text>
      {kinds.map((k) => (
        <View key={k} className='lp-field'>
          <Text className='lp-label'>新建{KIND_LABELS[k]}</Text>
          <Input className={`lp-input adm-new-${k}`} value={name} maxlength={60} placeholder={`${KIND_LABELS[k]}名称`} onInput={(e) => setName(e.detail.value)} />
          <Btn
            busy={busy}
            className={`adm-create-${k}`}
            onClick={() => void run(() => adminApi.createOrgUnit(k, name.trim(), unit.id), `已新建${KIND_LABELS[k]}「${name.trim()}」`).then(() => setName(''))}
          >
            新建{KIND_LABELS[k]}
          </Btn>
        </View>
      ))}
      {!unit.closedAt ? (
        <View className='lp-field'>
          <Text className='lp-label'>改名</Text>
          <Input className='lp-input adm-rename' value={rename} maxlength={60} onInput={(e) => setRename(e.detail.value)} />
          <Btn kind='secondary' busy={busy} onClick={() => void run(() => adminApi.updateOrgUnit(unit.id, { name: rename.trim() }), '已改名')}>
            保存名称
          </Btn>
        </View>
      ) : null}
      {unit.kind !== 'street' ? (
        unit.closedAt ? (
          <Btn kind='secondary' busy={busy} onClick={() => void run(() => adminApi.updateOrgUnit(unit.id, { closed: false }), '已恢复')}>
            恢复这个单位
          </Btn>
        ) : (
          <Btn kind='danger' busy={busy} onClick={() => void run(() => adminApi.updateOrgUnit(unit.id, { closed: true }), '已撤销，历史记录保留')}>
            撤销这个单位（需先移交工作和人员）
          </Btn>
        )
      ) : null}
      <Message kind='success' text={info} />
      <Message kind='error' text={error} />
    </Section>
  )
}

export default function OrgPage() {
  const tree = useAsync(() => adminApi.orgUnits(), [])
  const [selected, setSelected] = useState<string | null>(null)
  const rows = flatten(tree.data?.items ?? [])
  const unit = rows.find((r) => r.node.id === selected)?.node ?? rows[0]?.node
  return (
    <AdminPage title='组织架构'>
      <View className='adm-layout'>
        <View className='adm-main'>
          <ListSection title='街道 → 片区 → 社区 → 网格' state={tree} empty={rows.length === 0} emptyText='还没有组织架构'>
            {rows.map(({ node, depth }) => (
              <View
                key={node.id}
                className={`adm-node adm-indent-${Math.min(depth, 3)} ${node.id === unit?.id ? 'adm-tr-on' : ''} ${node.closedAt ? 'adm-node-closed' : ''}`}
                ariaRole='button'
                onClick={() => setSelected(node.id)}
              >
                <Text className='lp-tag'>{KIND_LABELS[node.kind]}</Text>
                <Text className='lp-body'>{node.name}</Text>
                <Text className='lp-hint'>{node.staffCount} 人</Text>
              </View>
            ))}
          </ListSection>
        </View>
        <View className='adm-side'>{unit ? <UnitPanel key={unit.id} unit={unit} onChanged={tree.reload} /> : null}</View>
      </View>
    </AdminPage>
  )
}
