/**
 * The 积分 rules a new community starts with (the demo's set). A street keeps its own copy in
 * street_settings.points_default_rules, which the admin console edits; a community gets a copy of
 * the street's list when it is created and changes its own rules after that.
 */
export interface DefaultPointsRule {
  kind: 'valid_report' | 'volunteer_service' | 'garbage_sorting' | 'event_attendance' | 'neighbour_help' | 'accepted_suggestion' | 'custom'
  name: string
  description: string
  points: number
  needsReview: boolean
  dailyCap: number | null
  monthlyCap: number | null
}

export const POINTS_DEFAULT_RULES: readonly DefaultPointsRule[] = [
  { kind: 'valid_report', name: '随手拍有效上报', points: 5, needsReview: false, dailyCap: 10, monthlyCap: null, description: '上报的问题被社区受理为有效，自动加分，每天最多 10 分' },
  { kind: 'volunteer_service', name: '志愿服务', points: 10, needsReview: true, dailyCap: null, monthlyCap: 100, description: '参加社区志愿服务，提交后由社区审核' },
  { kind: 'garbage_sorting', name: '垃圾分类打卡', points: 2, needsReview: false, dailyCap: 2, monthlyCap: null, description: '在分类投放点扫码打卡，每天 1 次' },
  { kind: 'event_attendance', name: '参加社区活动', points: 5, needsReview: false, dailyCap: null, monthlyCap: null, description: '活动现场扫码签到' },
  { kind: 'neighbour_help', name: '邻里互助', points: 5, needsReview: true, dailyCap: null, monthlyCap: 30, description: '帮助邻居，由社区核实后加分' },
  { kind: 'accepted_suggestion', name: '建议被采纳', points: 20, needsReview: true, dailyCap: null, monthlyCap: null, description: '对社区的建议被采纳' },
]
