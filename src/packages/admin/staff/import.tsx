import { useState } from 'react'
import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Btn, Message, Section } from '../../../components'
import { messageOf } from '../../../api'
import { importStaff, pickFile, type PickedFile, type TStaffImportResult } from '../../../api/setup'
import { ROLE_LABELS } from '../../../../types/org'
import '../people/index.scss'
import { AdminPage } from '../admin-page'

const MAX_BYTES = 5 * 1024 * 1024

/**
 * 管理 → 工作人员 → 批量导入: an xlsx with 姓名, 用户名, 手机, 角色, 单位 (one row per role). 预检 shows
 * each account that would be created and every refused row with its reason; 确认导入 writes all of
 * them or none. The one-time passwords are shown once, here, to copy and hand over in person.
 */
export default function StaffImportPage() {
  const [picked, setPicked] = useState<PickedFile | null>(null)
  const [progress, setProgress] = useState<number | null>(null)
  const [result, setResult] = useState<TStaffImportResult | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [copied, setCopied] = useState(false)

  const choose = async () => {
    const f = await pickFile('.xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', ['xlsx'])
    if (!f) return
    setResult(null)
    setCopied(false)
    if (f.size > MAX_BYTES) return setError('表格太大了，一次不超过 5 MB')
    setError(null)
    setPicked(f)
  }

  const run = async (dryRun: boolean) => {
    if (!picked) return setError('请先选择 Excel 表格')
    setError(null)
    setProgress(0)
    try {
      const r = await importStaff(picked, dryRun, setProgress)
      setResult(r)
      if (!dryRun && r.dryRun) setError('有未通过的行，没有导入任何账号，请改好后重新预检')
      if (!r.dryRun) setPicked(null)
    } catch (e) {
      setError(messageOf(e))
    } finally {
      setProgress(null)
    }
  }

  const busy = progress !== null
  const done = result && !result.dryRun
  const passwords = done ? result.created.map((c) => `${c.name}\t${c.username}\t${c.oneTimePassword ?? ''}`).join('\n') : ''
  return (
    <AdminPage title='批量导入工作人员'>
      <Section title='1. 选择表格'>
        <Text className='lp-hint lp-block'>
          Excel 表格（.xlsx）第一行是表头：姓名、用户名、手机、角色、单位。一人有几个角色就写几行（用户名相同）。角色写中文，如 网格员、社区工作人员、片区负责人、部门工作人员；单位写组织架构里的名字。
        </Text>
        <View className='pi-row'>
          <Btn kind='secondary' className='si-choose' onClick={() => void choose()} disabled={busy}>
            选择 Excel 表格
          </Btn>
          {picked ? <Text>{picked.name}</Text> : <Text className='lp-hint'>还没有选择文件</Text>}
        </View>
      </Section>
      <Section title='2. 预检，再确认导入'>
        <View className='pi-row'>
          <Btn kind='secondary' className='si-dry' busy={busy} disabled={!picked} onClick={() => void run(true)}>
            预检
          </Btn>
          <Btn className='si-commit' busy={busy} disabled={!picked || !result?.dryRun || result.refused.length > 0 || result.created.length === 0} onClick={() => void run(false)}>
            确认导入
          </Btn>
        </View>
        {busy ? <Text>{progress! < 100 ? `正在上传 ${progress}%` : '正在检查，请稍候…'}</Text> : null}
        <Message kind='error' text={error} />
        {result ? (
          <View className='si-result'>
            <View className='pi-sum'>
              <View>
                <Text className='pi-num'>{result.created.length}</Text>
                <Text>{result.dryRun ? ' 个账号将创建' : ' 个账号已创建'}</Text>
              </View>
              <View>
                <Text className='pi-num'>{result.refused.length}</Text>
                <Text> 行未通过</Text>
              </View>
            </View>
            {result.refused.length > 0 ? <Text className='lp-hint lp-block'>有未通过的行时不会导入任何账号。请在表格里改好，再选择文件预检。</Text> : null}
            {result.refused.map((r) => (
              <View className='pi-tr si-refused' key={`r${r.row}`} ariaRole='row'>
                <Text className='pi-td-row'>第 {r.row} 行</Text>
                <Text className='pi-td'>{r.reason}</Text>
              </View>
            ))}
            {done ? (
              <View>
                <Text className='lp-hint lp-block'>一次性密码只显示这一次。请复制后当面交给本人，首次登录时必须修改。</Text>
                <Btn
                  className='adm-copy'
                  onClick={() =>
                    void Taro.setClipboardData({ data: passwords }).then(
                      () => setCopied(true),
                      () => setCopied(false),
                    )
                  }
                >
                  {copied ? '已复制' : '复制全部密码'}
                </Btn>
              </View>
            ) : null}
            {result.created.map((c) => (
              <View className='pi-tr si-created' key={`c${c.row}`} ariaRole='row'>
                <Text className='pi-td-row'>第 {c.row} 行</Text>
                <Text className='pi-td'>
                  {c.name}（{c.username}）：{c.roles.map((r) => `${ROLE_LABELS[r.role]}·${r.unit}`).join('、')}
                </Text>
                {c.oneTimePassword ? <Text className='adm-otp si-otp'>{c.oneTimePassword}</Text> : null}
              </View>
            ))}
          </View>
        ) : null}
      </Section>
    </AdminPage>
  )
}
