export default definePageConfig({ navigationBarTitleText: '志愿接单' })
