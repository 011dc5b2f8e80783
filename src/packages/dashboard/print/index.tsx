import { useState } from 'react'
import Taro from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { messageOf } from '../../../api'
import { dashboardApi } from '../../../api/dashboard'
import { Btn, Message, Page, StateView } from '../../../components'
import { useAsync } from '../../../hooks/use-async'
import { useWide } from '../../../hooks/use-wide'
import { shanghaiDateTime } from '../../../utils/shanghai'
import '../dashboard.scss'
import './print.scss'

const cell = (v: string | number | null) => (v === null || v === '' ? '—' : String(v))

/**
 * 月度报表 to print (or 存为 PDF from the browser's print dialog): the stored xlsx of the month read
 * back sheet by sheet, so the paper shows exactly the file's numbers. The print CSS hides the
 * app's chrome and fits the tables to A4.
 */
export default function MonthlyPrintPage() {
  const params = Taro.getCurrentInstance().router?.params ?? {}
  const orgUnitId = params.orgUnitId ?? ''
  const month = params.month ?? ''
  const wide = useWide()
  const report = useAsync(() => dashboardApi.monthlySheets(orgUnitId, month), [orgUnitId, month], Boolean(orgUnitId && month))
  const [error, setError] = useState<string | null>(null)
  const r = report.data
  const h5 = process.env.TARO_ENV === 'h5'
  return (
    <Page className={`pr-page ${wide ? 'lp-desk db-desk-page' : ''}`}>
      <StateView loading={report.loading && !r} error={report.error} empty={false} emptyText='' onRetry={report.reload}>
        {r ? (
          <View className='pr-doc'>
            <Text className='pr-title'>{`${r.unitName} ${r.month} 月度报表`}</Text>
            <Text className='pr-meta'>{`生成于 ${shanghaiDateTime(r.generatedAt)} · 数字取自已生成的 Excel，与下载的文件一致`}</Text>
            <View className='db-tools pr-noprint'>
              {h5 ? <Btn onClick={() => window.print()}>打印 / 存为 PDF</Btn> : <Text className='lp-hint'>在小程序里请下载 Excel 后转发或打印。</Text>}
              <Btn kind='secondary' onClick={() => void dashboardApi.downloadMonthly(orgUnitId, month).catch((e) => setError(messageOf(e)))}>
                下载 Excel
              </Btn>
            </View>
            <Message kind='error' text={error} />
            {r.sheets.map((sheet) => (
              <View key={sheet.name} className='pr-sheet'>
                <Text className='pr-sheet-title'>{sheet.name}</Text>
                <View className='pr-scroll'>
                  <View className='pr-table' ariaRole='table' ariaLabel={sheet.name}>
                    <View className='pr-tr pr-th' ariaRole='row'>
                      {sheet.header.map((h) => (
                        <Text key={h} className='pr-td'>
                          {h}
                        </Text>
                      ))}
                    </View>
                    {sheet.rows.map((row, i) => (
                      <View key={`${sheet.name}-${i}`} className={`pr-tr ${row[0] === '合计' ? 'pr-total' : ''}`} ariaRole='row'>
                        {row.map((v, j) => (
                          <Text key={j} className={`pr-td ${typeof v === 'number' ? 'pr-num' : ''} ${sheet.header[j] === '怎么算' ? 'pr-def' : ''}`}>
                            {cell(v)}
                          </Text>
                        ))}
                      </View>
                    ))}
                  </View>
                </View>
              </View>
            ))}
          </View>
        ) : null}
      </StateView>
    </Page>
  )
}
