import { useState } from 'react'
import { Text, Textarea, View } from '@tarojs/components'
import { Btn, Message, Section } from '../../../components'
import { downloadRefusals, importPeople, pickFile, type PickedFile } from '../../../api/setup'
import { PEOPLE_HEADERS } from '../../../../types/people'
import type { TPeopleImportResult } from '../../../../types/people'
import './index.scss'
import { AdminPage } from '../admin-page'

const MAX_BYTES = 10 * 1024 * 1024
const SHOWN_REFUSALS = 200

/**
 * 管理 → 导入居民和老人台账: a community's 实有人口 / 老年人台账 (xlsx). 预检 shows who would be
 * created, who is already known (matched by ID number) and which rows are refused and why; 确认导入
 * writes them. Progress: the upload's own bar, then 正在导入 while the server writes its batches
 * (thousands of rows a second, so even a large 台账 is seconds).
 */
export default function PeopleImportPage() {
  const [picked, setPicked] = useState<PickedFile | null>(null)
  const [columns, setColumns] = useState('')
  const [showColumns, setShowColumns] = useState(false)
  const [progress, setProgress] = useState<number | null>(null)
  const [result, setResult] = useState<TPeopleImportResult | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [note, setNote] = useState<string | null>(null)

  const choose = async () => {
    const f = await pickFile('.xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', ['xlsx'])
    if (!f) return
    if (f.size > MAX_BYTES) return setError('表格太大了，一次不超过 10 MB，请分成几个文件')
    setPicked(f)
    setResult(null)
    setError(null)
    setNote(null)
  }

  const columnsJson = (): string | undefined | null => {
    if (!columns.trim()) return undefined
    try {
      JSON.parse(columns)
      return columns
    } catch {
      setError('列对应要写成 {"表头":"字段"} 的样子，例如 {"证件号码":"idNumber"}')
      return null
    }
  }

  const run = async (dryRun: boolean) => {
    if (!picked) return setError('请先选择 Excel 表格')
    const cols = columnsJson()
    if (cols === null) return
    setError(null)
    setNote(null)
    setProgress(0)
    try {
      const r = await importPeople(picked, { dryRun, columns: cols }, setProgress)
      setResult(r)
      if (!dryRun) setNote(`已导入：新建 ${r.created} 人，已有 ${r.matched} 人未改动，${r.refused.length} 行未导入`)
    } catch (e) {
      setError((e as Error).message)
    } finally {
      setProgress(null)
    }
  }

  const download = async () => {
    if (!picked) return
    try {
      await downloadRefusals(picked, columnsJson() ?? undefined)
    } catch (e) {
      setError((e as Error).message)
    }
  }

  const busy = progress !== null
  return (
    <AdminPage title='导入居民和老人台账'>
      <Section title='1. 选择表格'>
        <Text className='lp-hint'>
          Excel 表格（.xlsx）第一行是表头：
          {Object.values(PEOPLE_HEADERS)
            .map((h) => h[0])
            .join('、')}
          。姓名、身份证号、社区必填；有手机号的可用手机号登录，没有手机号的按「窗口登记的老人」建档。
        </Text>
        <View className='pi-row'>
          <Btn kind='secondary' onClick={() => void choose()} disabled={busy}>
            选择 Excel 表格
          </Btn>
          {picked ? <Text>{picked.name}</Text> : <Text className='lp-hint'>还没有选择文件</Text>}
        </View>
        <Btn kind='plain' onClick={() => setShowColumns(!showColumns)}>
          {showColumns ? '收起列对应' : '表头和上面不一样？设置列对应'}
        </Btn>
        {showColumns ? (
          <Textarea
            className='pi-columns lp-input'
            value={columns}
            placeholder='{"证件号码":"idNumber","居民姓名":"name"}  字段：name 姓名、idNumber 身份证号、birthDate 出生日期、phone 手机、address 地址、community 社区、livesAlone 是否独居、disabled 是否失能/卧床、emergencyContact 紧急联系人'
            onInput={(e) => setColumns(e.detail.value)}
          />
        ) : null}
      </Section>
      <Section title='2. 预检，再确认导入'>
        <View className='pi-row'>
          <Btn kind='secondary' busy={busy} disabled={!picked} onClick={() => void run(true)}>
            预检
          </Btn>
          <Btn busy={busy} disabled={!picked || !result?.dryRun || result.created === 0} onClick={() => void run(false)}>
            确认导入
          </Btn>
        </View>
        {busy ? (
          <View ariaRole='progressbar' ariaLabel='导入进度'>
            <Text>{progress! < 100 ? `正在上传 ${progress}%` : '正在检查和导入，请稍候…'}</Text>
            <View className='pi-bar'>
              <View className='pi-bar-fill' style={{ width: `${progress}%` }} />
            </View>
          </View>
        ) : null}
        <Message kind='error' text={error} />
        <Message kind='success' text={note} />
        {result ? (
          <View>
            <View className='pi-sum'>
              <View>
                <Text className='pi-num'>{result.created}</Text>
                <Text>{result.dryRun ? ' 人将新建' : ' 人已新建'}</Text>
              </View>
              <View>
                <Text className='pi-num'>{result.matched}</Text>
                <Text> 人已有（按身份证号匹配，不改动）</Text>
              </View>
              <View>
                <Text className='pi-num'>{result.refused.length}</Text>
                <Text> 行未通过</Text>
              </View>
            </View>
            {result.refused.length > 0 ? (
              <View>
                <View className='pi-row'>
                  <Btn kind='secondary' onClick={() => void download()}>
                    下载未通过的行（改好后可重新上传）
                  </Btn>
                </View>
                {result.refused.slice(0, SHOWN_REFUSALS).map((r) => (
                  <View className='pi-tr' key={r.row} ariaRole='row'>
                    <Text className='pi-td-row'>第 {r.row} 行</Text>
                    <Text className='pi-td'>{r.reason}</Text>
                  </View>
                ))}
                {result.refused.length > SHOWN_REFUSALS ? <Text className='lp-hint'>只显示前 {SHOWN_REFUSALS} 行，全部请下载表格查看</Text> : null}
              </View>
            ) : null}
          </View>
        ) : null}
      </Section>
    </AdminPage>
  )
}
