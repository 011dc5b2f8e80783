import type { AppDeps } from '../platform/context'
import type { Actor } from '../org'
import type { TDashboard, TDashboardQuery } from '../../types/dashboard'
import { getDashboard } from './get-dashboard'

/**
 * The dashboard's charts, drawn on the server by Apache ECharts (SSR, SVG) so that the weapp and H5
 * show the same picture as an <Image> without a canvas bridge. Returned as data URIs.
 */
export interface TDashboardCharts {
  trend: string
  categories: string
  overdue: string
}

type ECharts = typeof import('echarts')
let echartsModule: Promise<ECharts> | null = null
// loaded on the first chart, not at start (it is large and most requests never draw)
const loadEcharts = () => (echartsModule ??= import('echarts'))

const FONT = { fontFamily: 'PingFang SC, Noto Sans CJK SC, Microsoft YaHei, sans-serif' }

async function svg(option: Record<string, unknown>, width: number, height: number): Promise<string> {
  const echarts = await loadEcharts()
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height })
  chart.setOption({ animation: false, textStyle: FONT, ...option })
  const text = chart.renderToSVGString()
  chart.dispose()
  return `data:image/svg+xml;base64,${Buffer.from(text).toString('base64')}`
}

export async function chartsOf(d: TDashboard): Promise<TDashboardCharts> {
  const empty = (title: string) => ({ title: { text: title, left: 'center', top: 'middle', textStyle: { color: '#999', fontSize: 14 } } })
  const trend = d.trend.length
    ? {
        tooltip: {},
        legend: { data: ['收到', '办结'], top: 0 },
        grid: { left: 40, right: 16, top: 32, bottom: 28 },
        xAxis: { type: 'category', data: d.trend.map((t) => t.day.slice(5)) },
        yAxis: { type: 'value', minInterval: 1 },
        series: [
          { name: '收到', type: 'line', data: d.trend.map((t) => t.received), color: '#1677ff' },
          { name: '办结', type: 'line', data: d.trend.map((t) => t.resolved), color: '#52c41a' },
        ],
      }
    : empty('这段时间还没有随手拍')
  const top = d.byCategory.slice(0, 8).reverse()
  const categories = top.length
    ? {
        grid: { left: 72, right: 24, top: 8, bottom: 24 },
        xAxis: { type: 'value', minInterval: 1 },
        yAxis: { type: 'category', data: top.map((c) => c.name) },
        series: [{ type: 'bar', data: top.map((c) => c.count), color: '#1677ff', label: { show: true, position: 'right' } }],
      }
    : empty('没有数据')
  const late = [...d.overdueByGrid.map((g) => ({ name: g.name, count: g.count })), ...d.overdueByDepartment.map((g) => ({ name: g.name, count: g.count }))].slice(0, 8).reverse()
  const overdue = late.length
    ? {
        grid: { left: 96, right: 24, top: 8, bottom: 24 },
        xAxis: { type: 'value', minInterval: 1 },
        yAxis: { type: 'category', data: late.map((g) => g.name) },
        series: [{ type: 'bar', data: late.map((g) => g.count), color: '#ff4d4f', label: { show: true, position: 'right' } }],
      }
    : empty('没有超期的随手拍')
  const [a, b, c] = await Promise.all([svg(trend, 640, 260), svg(categories, 320, 260), svg(overdue, 320, 260)])
  return { trend: a, categories: b, overdue: c }
}

export async function renderDashboardCharts(deps: AppDeps, actor: Actor, query: TDashboardQuery): Promise<TDashboardCharts> {
  return chartsOf(await getDashboard(deps, actor, query))
}
