import { AppError } from '../platform/errors'
import type { TVoteResults, TVoteRule, TVoteStatus } from '../../types/deliberation'

/** Pure rules of a vote: its status, what a ballot may choose, the pass rule in words and applied. */

export interface VoteShape {
  kind: 'single' | 'multi' | 'budget'
  options: { label: string; cost: number | null }[]
  budget: number | null
  maxChoices: number | null
}

export function voteStatus(v: { opens_at: Date; closes_at: Date; published_at: Date | null }, now: Date): TVoteStatus {
  if (v.published_at) return 'published'
  if (now.getTime() < v.opens_at.getTime()) return 'scheduled'
  if (now.getTime() < v.closes_at.getTime()) return 'open'
  return 'closed'
}

/**
 * A ballot's choices: distinct option numbers; single = exactly one; multi = 1…maxChoices; budget =
 * 1…maxChoices projects whose costs together stay within the budget. Anything else changes nothing.
 */
export function checkChoices(v: VoteShape, choices: number[]): number[] {
  const sorted = [...new Set(choices)].sort((a, b) => a - b)
  if (sorted.length !== choices.length || sorted.some((i) => i < 0 || i >= v.options.length)) throw new AppError('BALLOT_INVALID', { choices })
  if (sorted.length === 0) throw new AppError('BALLOT_INVALID', { reason: '请至少选一项' })
  if (v.kind === 'single' && sorted.length !== 1) throw new AppError('BALLOT_INVALID', { reason: '只能选一项' })
  const max = v.kind === 'single' ? 1 : (v.maxChoices ?? v.options.length)
  if (sorted.length > max) throw new AppError('BALLOT_INVALID', { reason: `最多选 ${max} 项`, maxChoices: max })
  if (v.kind === 'budget') {
    const total = sorted.reduce((sum, i) => sum + (v.options[i].cost ?? 0), 0)
    if (total > (v.budget ?? 0)) throw new AppError('BUDGET_EXCEEDED', { total, budget: v.budget })
  }
  return sorted
}

export function ruleText(rule: TVoteRule, quorumPercent: number, kind: VoteShape['kind']): string {
  const quorum = quorumPercent > 0 ? `参与投票的须达到应投票数的 ${quorumPercent}%，` : ''
  switch (rule) {
    case 'art278_major':
      return '按《民法典》第二百七十八条（如加装电梯、改建重建）：参与表决的业主专有部分面积和人数均须达到三分之二以上，且同意（第一个选项）的须占参与表决面积和人数的四分之三以上。'
    case 'art278_ordinary':
      return '按《民法典》第二百七十八条（一般事项）：参与表决的业主专有部分面积和人数均须达到三分之二以上，且同意（第一个选项）的须占参与表决面积和人数的过半数。'
    case 'majority':
      return `${quorum}第一个选项（同意）的票数超过参与投票数的一半即通过。`
    default:
      return kind === 'budget' ? `${quorum}按得票从多到少依次入选，直到预算用完。` : `${quorum}得票最多的选项胜出。`
  }
}

const pct = (n: number, d: number) => (d > 0 ? Math.round((n / d) * 1000) / 10 : 0)

export interface Tally {
  eligible: number
  ballots: number
  eligibleArea: number | null
  ballotArea: number | null
  options: { label: string; votes: number; cost: number | null; area: number | null }[]
}

/** The pass rule applied to the counted figures. Areas are null when some house has no floor area recorded. */
export function outcomeOf(rule: TVoteRule, quorumPercent: number, v: VoteShape, t: Tally): TVoteResults['outcome'] {
  const checks: TVoteResults['outcome']['checks'] = []
  const quorumOk = pct(t.ballots, t.eligible) >= quorumPercent
  if (quorumPercent > 0) checks.push({ label: `参与率 ≥ ${quorumPercent}%`, value: `${pct(t.ballots, t.eligible)}%`, ok: quorumOk })
  if (rule === 'art278_major' || rule === 'art278_ordinary') {
    const yes = t.options[0]
    const share = rule === 'art278_major' ? 3 / 4 : 1 / 2
    const strict = rule === 'art278_ordinary'
    const meets = (n: number, d: number, s: number, gt: boolean) => d > 0 && (gt ? n > d * s : n * 1e6 >= Math.round(d * s * 1e6))
    const areaKnown = t.eligibleArea !== null && t.ballotArea !== null && yes.area !== null
    checks.push({ label: '参与表决人数 ≥ 2/3', value: `${t.ballots}/${t.eligible}`, ok: meets(t.ballots, t.eligible, 2 / 3, false) })
    checks.push({ label: '参与表决面积 ≥ 2/3', value: areaKnown ? `${t.ballotArea}/${t.eligibleArea} ㎡` : '有房屋未登记面积', ok: areaKnown && meets(t.ballotArea!, t.eligibleArea!, 2 / 3, false) })
    const label = strict ? '过半数' : '≥ 3/4'
    checks.push({ label: `同意人数 ${label}`, value: `${yes.votes}/${t.ballots}`, ok: meets(yes.votes, t.ballots, share, strict) })
    checks.push({ label: `同意面积 ${label}`, value: areaKnown ? `${yes.area}/${t.ballotArea} ㎡` : '有房屋未登记面积', ok: areaKnown && meets(yes.area!, t.ballotArea!, share, strict) })
    const passed = checks.every((c) => c.ok)
    return { rule, passed, text: passed ? '表决通过' : '未达到通过条件', checks }
  }
  if (rule === 'majority') {
    const yes = t.options[0]
    const ok = yes.votes * 2 > t.ballots
    checks.push({ label: `「${yes.label}」过半数`, value: `${yes.votes}/${t.ballots}`, ok })
    const passed = quorumOk && ok
    return { rule, passed, text: passed ? '表决通过' : '未通过', checks }
  }
  if (!quorumOk || t.ballots === 0) return { rule, passed: false, text: t.ballots === 0 ? '无人投票' : '参与率不足，结果无效', checks }
  if (v.kind === 'budget') {
    // participatory budget: most votes first, each taken while it fits in what is left
    let left = v.budget ?? 0
    const funded: string[] = []
    for (const o of [...t.options].sort((a, b) => b.votes - a.votes)) {
      if (o.votes > 0 && (o.cost ?? 0) <= left) {
        funded.push(o.label)
        left -= o.cost ?? 0
      }
    }
    checks.push({ label: '入选项目', value: funded.join('、') || '无', ok: funded.length > 0 })
    return { rule, passed: funded.length > 0, text: `入选：${funded.join('、') || '无'}（余 ${left} 元）`, checks }
  }
  const top = Math.max(...t.options.map((o) => o.votes))
  const winners = t.options.filter((o) => o.votes === top).map((o) => o.label)
  return { rule, passed: winners.length === 1, text: winners.length === 1 ? `「${winners[0]}」得票最多` : `并列最多：${winners.join('、')}`, checks }
}

export { pct }
