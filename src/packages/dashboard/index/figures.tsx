import { View, Text } from '@tarojs/components'
import type { TDashboard } from '../../../../types/dashboard'
import { Section } from '../../../components'
import { FigureCard } from './figure-card'

const pct = (part: number, whole: number) => (whole === 0 ? null : Math.round((part / whole) * 1000) / 10)

/** The four domains' figures, each beside the period before; tapping a 随手拍 figure opens its rows. */
export function Figures({ d, onDrill }: { d: TDashboard; onDrill: (figure: string, label: string) => void }) {
  const r = d.reports
  const p = d.previous.reports
  return (
    <View>
      <Section title={`随手拍（与 ${d.previous.from.slice(5)} 至 ${d.previous.to.slice(5)} 比）`}>
        <View className='db-grid'>
          <FigureCard label='收到' value={r.received} previous={p.received} better='none' onTap={() => onDrill('received', '收到的随手拍')} />
          <FigureCard label='受理' value={r.accepted} previous={p.accepted} onTap={() => onDrill('accepted', '受理的随手拍')} />
          <FigureCard label='办结' value={r.resolved} previous={p.resolved} onTap={() => onDrill('resolved', '办结的随手拍')} />
          <FigureCard label='按时办结率' value={pct(r.resolvedOnTime, r.resolved)} previous={pct(p.resolvedOnTime, p.resolved)} unit='%' onTap={() => onDrill('resolvedLate', '超时办结的随手拍')} />
          <FigureCard label='当前超期' value={r.overdueNow} better='down' onTap={() => onDrill('overdueNow', '当前超期的随手拍')} />
          <FigureCard label='受理用时中位数' value={r.medianHoursToAccept} previous={p.medianHoursToAccept} unit='小时' better='down' />
          <FigureCard label='办结用时中位数' value={r.medianHoursToResolve} previous={p.medianHoursToResolve} unit='小时' better='down' />
          <FigureCard label='满意度' value={r.avgRating} previous={p.avgRating} unit='分' />
          <FigureCard label='重新打开' value={r.reopened} previous={p.reopened} better='down' onTap={() => onDrill('reopened', '被重新打开的随手拍')} />
        </View>
      </Section>
      {d.points ? (
        <Section title='积分'>
          <View className='db-grid'>
            <FigureCard label='积分发放' value={d.points.earned} previous={d.previous.points?.earned} />
            <FigureCard label='积分兑换' value={d.points.spent} previous={d.previous.points?.spent} />
            <FigureCard label='30 天内将过期' value={d.points.expiring} better='none' />
            <FigureCard label='活跃居民' value={d.points.activeResidents} previous={d.previous.points?.activeResidents} unit='人' />
          </View>
        </Section>
      ) : null}
      {d.timebank ? (
        <Section title='时间银行'>
          <View className='db-grid'>
            <FigureCard
              label='服务时长'
              value={Math.round((d.timebank.minutesServed / 60) * 10) / 10}
              previous={d.previous.timebank ? Math.round((d.previous.timebank.minutesServed / 60) * 10) / 10 : null}
              unit='小时'
            />
            <FigureCard label='超 48 小时无人接' value={d.timebank.openOver48h} better='down' />
            <FigureCard label='活跃志愿者' value={d.timebank.activeVolunteers} previous={d.previous.timebank?.activeVolunteers} unit='人' />
          </View>
        </Section>
      ) : null}
      {d.checkups ? (
        <Section title='老年人体检（本年度）'>
          <View className='db-grid'>
            <FigureCard label='应检老人' value={d.checkups.eligible} better='none' unit='人' />
            <FigureCard label='已预约' value={d.checkups.booked} unit='人' />
            <FigureCard label='预约率' value={pct(d.checkups.booked, d.checkups.eligible)} unit='%' />
            <FigureCard label='爽约' value={d.checkups.noShows} better='down' />
          </View>
          <Text className='lp-hint'>没预约的老人可在「未预约老人名单」里逐个打电话，记下结果。</Text>
        </Section>
      ) : null}
    </View>
  )
}
