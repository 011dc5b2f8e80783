export default definePageConfig({ navigationBarTitleText: '排行与公示' })
