import { useEffect, useState } from 'react'
import { View, Text, Input } from '@tarojs/components'
import type { TOrgTreeNode, TStreetSettings } from '../../../../types/admin'
import { messageOf } from '../../../api'
import { adminApi } from '../../../api/admin'
import { Btn, Message, Section, StateView } from '../../../components'
import { useAsync } from '../../../hooks/use-async'
import { CategoryRow } from './category-row'
import { AdminPage } from '../admin-page'

const num = (v: string) => (v.trim() === '' ? NaN : Number(v))
const flatten = (nodes: TOrgTreeNode[]): TOrgTreeNode[] => nodes.flatMap((n) => [n, ...flatten(n.children)])

/** Street settings: changes apply to new work only (a report's time limit is fixed when it is submitted). */
export default function SettingsPage() {
  const loaded = useAsync(() => adminApi.settings(), [])
  const tree = useAsync(() => adminApi.orgUnits(), [])
  const departments = flatten(tree.data?.items ?? []).filter((u) => u.kind === 'department' && !u.closedAt)
  const [s, setS] = useState<TStreetSettings | null>(null)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [info, setInfo] = useState<string | null>(null)
  useEffect(() => {
    if (loaded.data) setS(loaded.data)
  }, [loaded.data])
  const canEdit = loaded.data?.canEdit ?? false
  const save = async () => {
    if (!s) return
    setBusy(true)
    setError(null)
    setInfo(null)
    try {
      setS(await adminApi.saveSettings(s))
      setInfo('已保存，只对之后的新工作生效')
    } catch (e) {
      setError(messageOf(e))
    } finally {
      setBusy(false)
    }
  }
  return (
    <AdminPage title='设置'>
      <StateView loading={loaded.loading && !s} error={loaded.error} empty={false} emptyText='' onRetry={loaded.reload}>
        {s ? (
          <View>
            {!canEdit ? <Message kind='info' text='这些设置由街道管理员修改，您可以查看。' /> : null}
            <Section title='随手拍类别'>
              <Text className='lp-hint lp-block'>名称、图标、时限和处理人只对之后的新上报生效。</Text>
              {s.categories.map((c, i) => (
                <CategoryRow key={c.category} c={c} canEdit={canEdit} departments={departments} onChange={(x) => setS({ ...s, categories: s.categories.map((y, j) => (j === i ? x : y)) })} />
              ))}
            </Section>
            <Section title='体检默认'>
              <View className='lp-field'>
                <Text className='lp-label'>免费体检年龄（岁起）</Text>
                <Input
                  className='lp-input'
                  type='number'
                  disabled={!canEdit}
                  value={String(s.checkup.minAge)}
                  onInput={(e) => setS({ ...s, checkup: { ...s.checkup, minAge: num(e.detail.value) } })}
                />
              </View>
              <View className='lp-field'>
                <Text className='lp-label'>取消截止（前一天几点）</Text>
                <Input className='lp-input' disabled={!canEdit} value={s.checkup.cancelCutoff} onInput={(e) => setS({ ...s, checkup: { ...s.checkup, cancelCutoff: e.detail.value } })} />
              </View>
            </Section>
            <Section title='时间银行上限'>
              <View className='lp-field'>
                <Text className='lp-label'>每天最多记时（分钟）</Text>
                <Input
                  className='lp-input'
                  type='number'
                  disabled={!canEdit}
                  value={String(s.timebank.dailyCapMinutes)}
                  onInput={(e) => setS({ ...s, timebank: { ...s.timebank, dailyCapMinutes: num(e.detail.value) } })}
                />
              </View>
              <View className='lp-field'>
                <Text className='lp-label'>累计上限（分钟）</Text>
                <Input
                  className='lp-input'
                  type='number'
                  disabled={!canEdit}
                  value={String(s.timebank.lifetimeCapMinutes)}
                  onInput={(e) => setS({ ...s, timebank: { ...s.timebank, lifetimeCapMinutes: num(e.detail.value) } })}
                />
              </View>
            </Section>
            <Section title='新社区的积分规则'>
              {s.pointsDefaultRules.map((r) => (
                <Text key={r.kind + r.name} className='lp-hint lp-block'>
                  {r.name}：{r.points} 分{r.dailyCap ? `，每天最多 ${r.dailyCap}` : ''}
                  {r.monthlyCap ? `，每月最多 ${r.monthlyCap}` : ''}
                  {r.needsReview ? '，需审核' : ''}
                </Text>
              ))}
              <Text className='lp-hint lp-block'>新建社区时复制这些规则；各社区之后在「积分管理 → 规则」里调整。</Text>
            </Section>
            {canEdit ? (
              <Btn busy={busy} className='adm-settings-save' onClick={() => void save()}>
                {busy ? '正在保存…' : '保存设置'}
              </Btn>
            ) : null}
            <Message kind='success' text={info} />
            <Message kind='error' text={error} />
          </View>
        ) : null}
      </StateView>
    </AdminPage>
  )
}
