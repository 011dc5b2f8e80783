import { useEffect, useState } from 'react'
import { Text, Textarea, View } from '@tarojs/components'
import { Btn, Message, Section, StateView } from '../../../components'
import { boundariesApi, pickFile, readText, type PickedFile } from '../../../api/setup'
import type { TBoundaryView, TCrs, TImportBoundariesResponse } from '../../../../types/boundaries'
import { BoundaryPreview, type Shape } from './preview'
import './index.scss'
import { AdminPage } from '../admin-page'

const CRS_LABELS: Record<TCrs, string> = {
  gcj02: 'GCJ-02（微信、高德、腾讯地图）',
  wgs84: 'WGS-84（GPS、天地图、城运中心常用）',
}
const MAX_BYTES = 5 * 1024 * 1024

/**
 * 管理 → 网格边界: the street's 网格 map (GeoJSON FeatureCollection from the 城运中心) is checked
 * first (预检: what matches, overlaps, gaps, bad shapes) and then imported all at once.
 */
export default function BoundariesPage() {
  const [existing, setExisting] = useState<TBoundaryView[] | null>(null)
  const [loadError, setLoadError] = useState<string | null>(null)
  const [crs, setCrs] = useState<TCrs>('wgs84')
  const [text, setText] = useState('')
  const [fileName, setFileName] = useState<string | null>(null)
  const [result, setResult] = useState<TImportBoundariesResponse | null>(null)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [done, setDone] = useState<string | null>(null)

  const load = () => {
    setLoadError(null)
    boundariesApi
      .list()
      .then((r) => setExisting(r.items))
      .catch((e: Error) => setLoadError(e.message))
  }
  useEffect(load, [])

  const collection = (): unknown | null => {
    if (!text.trim()) {
      setError('请先选择 GeoJSON 文件或粘贴内容')
      return null
    }
    if (text.length > MAX_BYTES) {
      setError('文件太大了，一次不超过 5 MB')
      return null
    }
    try {
      return JSON.parse(text)
    } catch {
      setError('内容不是有效的 GeoJSON（JSON 格式不对）')
      return null
    }
  }

  const run = async (dryRun: boolean) => {
    setError(null)
    setDone(null)
    const value = collection()
    if (value === null) return
    setBusy(true)
    try {
      const r = await boundariesApi.importCollection(crs, value, dryRun)
      setResult(r)
      if (!dryRun) {
        setDone(`已导入 ${r.matched.length} 个边界，新上报的随手拍将按新边界分派`)
        load()
      }
    } catch (e) {
      const err = e as Error & { details?: { problems?: TImportBoundariesResponse['problems'] } }
      setError(err.message)
    } finally {
      setBusy(false)
    }
  }

  const choose = async () => {
    const picked: PickedFile | null = await pickFile('.geojson,.json,application/geo+json,application/json', ['geojson', 'json'])
    if (!picked) return
    if (picked.size > MAX_BYTES) return setError('文件太大了，一次不超过 5 MB')
    setFileName(picked.name)
    setText(await readText(picked))
    setResult(null)
    setError(null)
  }

  const blocked = !result || result.unmatched.length > 0 || result.problems.some((p) => p.blocking)
  const problemNames = new Set(result?.problems.filter((p) => p.blocking).map((p) => p.name) ?? [])
  const previewShapes: Shape[] = result
    ? result.preview.map((s) => ({ ...s, problem: problemNames.has(s.name) }))
    : (existing ?? []).filter((e) => e.geometry).map((e) => ({ name: e.name, kind: e.kind, geometry: e.geometry! }))

  return (
    <AdminPage title='网格边界'>
      <View className='bd-columns'>
        <View className='bd-col'>
          <Section title='导入边界'>
            <Text className='lp-hint'>
              城运中心发来的网格图（GeoJSON，每个边界的 properties.name 写网格或社区名称，重名时 properties.parent 写所属社区）。先预检，没有问题再确认导入；一次全部导入，有问题就一个也不导入。
            </Text>
            <View className='bd-choices'>
              {(Object.keys(CRS_LABELS) as TCrs[]).map((c) => (
                <Btn key={c} kind={crs === c ? 'primary' : 'secondary'} onClick={() => setCrs(c)}>
                  {crs === c ? '✓ ' : ''}
                  {CRS_LABELS[c]}
                </Btn>
              ))}
            </View>
            <View className='bd-choices'>
              <Btn kind='secondary' onClick={() => void choose()}>
                选择 GeoJSON 文件
              </Btn>
              {fileName ? <Text className='lp-hint'>已选：{fileName}</Text> : null}
            </View>
            <Textarea
              className='bd-paste lp-input'
              value={text}
              maxlength={-1}
              placeholder='或者把 GeoJSON 粘贴在这里'
              onInput={(e) => {
                setText(e.detail.value)
                setResult(null)
              }}
            />
            <View className='bd-choices'>
              <Btn kind='secondary' busy={busy} onClick={() => void run(true)}>
                {busy ? '正在检查…' : '预检'}
              </Btn>
              <Btn busy={busy} disabled={blocked} onClick={() => void run(false)}>
                确认导入
              </Btn>
            </View>
            <Message kind='error' text={error} />
            <Message kind='success' text={done} />
            {result ? <ResultTable result={result} /> : null}
          </Section>
        </View>
        <View className='bd-col'>
          <Section
            title={result ? '预览：本次导入的边界' : '现有边界'}
            extra={
              result ? null : (
                <Btn kind='plain' onClick={load}>
                  刷新
                </Btn>
              )
            }
          >
            {result ? (
              <BoundaryPreview shapes={previewShapes} />
            ) : (
              <StateView loading={existing === null} error={loadError} onRetry={load} empty={!existing || existing.length === 0} emptyText='还没有网格或社区'>
                <BoundaryPreview shapes={previewShapes} />
                <Text className='lp-hint'>
                  有多边形 {existing?.filter((e) => e.source === 'polygon').length ?? 0} 个；只有方框 {existing?.filter((e) => e.source === 'box').length ?? 0} 个；没有边界{' '}
                  {existing?.filter((e) => e.source === 'none').length ?? 0} 个
                </Text>
              </StateView>
            )}
          </Section>
        </View>
      </View>
    </AdminPage>
  )
}

function ResultTable({ result }: { result: TImportBoundariesResponse }) {
  return (
    <View className='bd-table' ariaRole='table'>
      <Text className='lp-label'>
        匹配 {result.matched.length} 个 · 未匹配 {result.unmatched.length} 个 · 问题 {result.problems.length} 条
      </Text>
      {result.problems.map((p, i) => (
        <View className='bd-tr' key={`p${i}`} ariaRole='row'>
          <Text className='bd-td-name'>{p.name}</Text>
          <Text className={`bd-td ${p.blocking ? 'bd-bad' : 'bd-warn'}`}>
            {p.blocking ? '必须修改：' : '提醒：'}
            {p.problem}
          </Text>
        </View>
      ))}
      {result.unmatched.map((name) => (
        <View className='bd-tr' key={`u${name}`} ariaRole='row'>
          <Text className='bd-td-name'>{name}</Text>
          <Text className='bd-td bd-bad'>找不到这个网格或社区（或不在您管理的范围内），请核对名称</Text>
        </View>
      ))}
      {result.matched.map((m) => (
        <View className='bd-tr' key={m.orgUnitId} ariaRole='row'>
          <Text className='bd-td-name'>{m.name}</Text>
          <Text className='bd-td'>
            ✓ {m.kind === 'grid' ? '网格' : '社区'}
            {m.parentName ? `（${m.parentName}）` : ''}
          </Text>
        </View>
      ))}
    </View>
  )
}
