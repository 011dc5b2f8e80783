export default definePageConfig({ navigationBarTitleText: '议事会签到' })
