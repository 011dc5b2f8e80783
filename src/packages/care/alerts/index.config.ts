export default definePageConfig({ navigationBarTitleText: '关爱预警', enablePullDownRefresh: false })
